package dev.ingressc.ir;

import java.util.Locale;

/**
 * The one request-target policy of every target and of the oracle (README, Semantics, "Request
 * targets"). A request is routed by its <em>canonical path</em>; the backend receives the original
 * target, byte for byte. Every class of target on which the proxies would read a different path,
 * or on which a backend could read another path than the one routed, is refused with 400.
 *
 * <p>The policy is written twice here, and {@code RequestTargetsTest} holds the two to each other
 * on every class and on random targets: {@link #canonicalize} is the algorithm the oracle runs;
 * {@link #REFUSED_TARGET} and {@link #REFUSED_TARGET_FULL} are the regular expressions the proxies
 * run, and {@link #rawPathRegex} is how a target that cannot canonicalize (Envoy, which would then
 * forward the rewritten path) matches a rule on the raw path. The expressions use only what PCRE
 * (nginx, HAProxy), RE2 (Envoy) and java.util.regex share, and hold no backslash and no double
 * quote, so no target's quoting changes them.
 */
public final class RequestTargets {
  /** What a rule path may hold besides ASCII letters and digits (enforced by validation). */
  public static final String RULE_PUNCTUATION = "-._~!&()*+,=:@/";

  /** Anywhere in the target: a byte outside printable ASCII, a fragment, an escaped DEL. */
  private static final String ANYWHERE = "[^!-~]|#|%7[Ff]";

  /** In the path (before the first {@code ?}); each alternative is one refused class. */
  private static final String IN_PATH = String.join("|",
      // a character RFC 3986 does not allow in a path (the '?' that starts the query is allowed)
      "[^-A-Za-z0-9._~!$&'()*+,;=:@%/?]",
      // a malformed percent-escape
      "%([^0-9A-Fa-f]|[0-9A-Fa-f][^0-9A-Fa-f]|[0-9A-Fa-f]?$)",
      // an escaped slash, backslash, control character or percent sign (double encoding)
      "%(2[Ff]|5[Cc]|[01][0-9A-Fa-f]|25)",
      // a dot segment: "." or "..", either dot maybe escaped
      "/([.]|%2[Ee])([.]|%2[Ee])?([/?]|$)");

  /**
   * Finds (unanchored search, as nginx's and HAProxy's regex matches do) a refused class in an
   * origin-form target: the path, with its query string if any.
   */
  public static final String REFUSED_TARGET = ANYWHERE + "|^[^?]*(" + IN_PATH + ")";

  /** The same set of targets for a full-match engine (Envoy's header {@code safe_regex}). */
  public static final String REFUSED_TARGET_FULL = "(?s).*(" + ANYWHERE + ").*|[^?]*(" + IN_PATH + ").*";

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private RequestTargets() {}

  /** What the policy makes of a request target. */
  public sealed interface Outcome permits Canonical, Refused {}

  /** Routed by {@code path}: escapes of rule characters decoded, runs of slashes merged. */
  public record Canonical(String path) implements Outcome {}

  /** Refused with 400, for {@code reason}. */
  public record Refused(String reason) implements Outcome {}

  /**
   * The canonical path of a request target, or why it is refused. The target is what the request
   * line holds: an origin-form path with its query, or anything else (absolute-form, {@code *}),
   * which is refused.
   */
  public static Outcome canonicalize(String target) {
    if (!target.startsWith("/")) {
      return new Refused(target.startsWith("*") ? "an asterisk-form target (*) is refused"
          : "the target is not a path: absolute-form targets (http://host/...) are refused, whatever the Host"
              + " header says, because HAProxy refuses them when the Host differs and Envoy cannot see the Host"
              + " it replaced");
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return new Refused("the target holds " + describe(c) + ", outside printable ASCII; escape it");
      }
      if (c == '#') {
        return new Refused("the target holds '#': a fragment is never sent to a server");
      }
    }
    if (target.contains("%7F") || target.contains("%7f")) {
      return new Refused("the target holds %7F, an escaped DEL control character");
    }
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    StringBuilder decoded = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '%') {
        if (!pathChar(c)) {
          return new Refused("the path holds '" + c + "', which RFC 3986 does not allow in a path; escape it");
        }
        decoded.append(c);
        continue;
      }
      int hi = i + 1 < path.length() ? hexValue(path.charAt(i + 1)) : -1;
      int lo = i + 2 < path.length() ? hexValue(path.charAt(i + 2)) : -1;
      if (hi < 0 || lo < 0) {
        return new Refused("the path holds a malformed percent-escape at \""
            + path.substring(i, Math.min(path.length(), i + 3)) + "\"");
      }
      int b = hi * 16 + lo;
      String escape = path.substring(i, i + 3);
      if (b == '/') {
        return new Refused("the path holds " + escape + ", an escaped slash: it is not a path separator (RFC 3986)"
            + " but many backends decode it into one");
      }
      if (b == '\\') {
        return new Refused("the path holds " + escape + ", an escaped backslash, which some backends read as a slash");
      }
      if (b < 0x20 || b == 0x7f) {
        return new Refused("the path holds " + escape + ", an escaped control character");
      }
      if (b == '%') {
        return new Refused("the path holds " + escape + ", an escaped percent sign (double encoding)");
      }
      if (ruleChar((char) b)) {
        decoded.append((char) b);
      } else {
        decoded.append('%').append(HEX[b >> 4]).append(HEX[b & 15]);
      }
      i += 2;
    }
    String canonical = decoded.toString();
    for (String segment : canonical.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return new Refused("the path holds a dot segment (\"" + segment + "\", maybe escaped): browsers and curl"
            + " resolve them before sending, and proxies and backends resolve them differently");
      }
    }
    return new Canonical(mergeSlashes(canonical));
  }

  /**
   * A full-match regular expression on the raw path (the query excluded) that holds exactly when
   * the canonical path of an accepted target matches the rule; empty when no canonical path can
   * match it (a rule path with an empty or dot segment, which only ImplementationSpecific allows).
   * Each rule character may arrive escaped (either case of hex), and each slash as a run of slashes.
   */
  public static java.util.Optional<String> rawPathRegex(PathMatch match, String rulePath) {
    if (match == PathMatch.REGEX) {
      throw new IllegalArgumentException("a regex route's raw-path form is RegexPaths.rawPathFullMatch");
    }
    String path = match == PathMatch.PREFIX ? PathMatch.trimTrailingSlash(rulePath) : rulePath;
    if (!reachable(path)) {
      return java.util.Optional.empty();
    }
    if (match == PathMatch.PREFIX && path.equals("/")) {
      return java.util.Optional.of("/.*");
    }
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '/') {
        re.append("/+");
      } else {
        re.append("([").append(c).append("]|%").append(hexClass(c >> 4)).append(hexClass(c & 15)).append(')');
      }
    }
    re.append(match == PathMatch.PREFIX ? "(/.*)?" : "");
    return java.util.Optional.of(re.toString());
  }

  /** False for a rule path that no canonical path equals or extends (an empty or dot segment). */
  public static boolean reachable(String rulePath) {
    String[] segments = rulePath.split("/", -1);
    for (int i = 1; i < segments.length; i++) {
      String s = segments[i];
      boolean last = i == segments.length - 1;
      if ((s.isEmpty() && !last) || s.equals(".") || s.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** A character that may appear in a rule path: its escape is decoded for matching. */
  public static boolean ruleChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || RULE_PUNCTUATION.indexOf(c) >= 0;
  }

  /** RFC 3986 {@code pchar} and {@code /}, with {@code %} as the start of an escape. */
  private static boolean pathChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
  }

  private static String mergeSlashes(String path) {
    if (!path.contains("//")) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '/' || out.length() == 0 || out.charAt(out.length() - 1) != '/') {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String hexClass(int nibble) {
    char upper = HEX[nibble];
    return upper >= 'A' ? "[" + upper + Character.toLowerCase(upper) + "]" : String.valueOf(upper);
  }

  private static int hexValue(char c) {
    return Character.digit(c, 16) >= 0 && c < 0x80 ? Character.digit(c, 16) : -1;
  }

  private static String describe(char c) {
    return c == ' ' ? "a space" : String.format(Locale.ROOT, "the character U+%04X", (int) c);
  }
}
