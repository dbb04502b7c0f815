package dev.ingressc.validate;

import dev.ingressc.ir.RequestTargets;
import java.util.ArrayList;
import java.util.List;

/** What a rule path may hold, and the API server's extra rules for Exact and Prefix paths. */
public final class PathRules {
  /**
   * RFC 3986 path characters minus those special to some proxy's configuration language
   * ({@code $ ' ;}) and minus {@code %}: a request's escapes are decoded before matching
   * ({@link RequestTargets}), so a rule holds only the decoded characters.
   */
  static final String ALLOWED_PUNCTUATION = RequestTargets.RULE_PUNCTUATION;

  private static final String[] API_FORBIDDEN_SEQUENCES = {"//", "/./", "/../", "%2f", "%2F"};
  private static final String[] API_FORBIDDEN_SUFFIXES = {"/..", "/."};
  private static final String REGEX_HINTS = "()*+|[]^";

  private PathRules() {}

  /** Errors for {@code path} under {@code pathType} (Exact, Prefix or ImplementationSpecific). */
  public static List<String> problems(String path, String pathType) {
    List<String> out = new ArrayList<>();
    if (path == null || path.isEmpty()) {
      out.add("path is required");
      return out;
    }
    if (path.length() > ProxyLimits.MAX_PATH_LENGTH) {
      out.add("the path is " + path.length() + " characters long; the longest every proxy matches correctly is "
          + ProxyLimits.MAX_PATH_LENGTH + " (nginx matches only 255 bytes of a location)");
      return out;
    }
    if (!path.startsWith("/")) {
      out.add(Names.quote(path) + " must be an absolute path (start with '/')");
    }
    if (pathType.equals("Exact") || pathType.equals("Prefix")) {
      for (String seq : API_FORBIDDEN_SEQUENCES) {
        if (path.contains(seq)) {
          out.add(Names.quote(path) + " must not contain '" + seq + "'");
        }
      }
      for (String suffix : API_FORBIDDEN_SUFFIXES) {
        if (path.endsWith(suffix)) {
          out.add(Names.quote(path) + " cannot end with '" + suffix + "'");
        }
      }
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (!allowed(c)) {
        out.add(Names.quote(path) + " contains " + describe(c) + ", which is not allowed: a path may hold only"
            + " letters, digits and " + ALLOWED_PUNCTUATION.replace("", " ").trim());
        break;
      }
    }
    return out;
  }

  /** What a regex path may hold besides rule characters: regex syntax, never quotes, {@code ; # %} or space. */
  static final String REGEX_EXTRA = "^$[]{}|\\?";

  /**
   * Errors for a regex path (use-regex, SEMANTICS.md "Regex paths"): rule characters and
   * {@link #REGEX_EXTRA} only, the syntax every engine runs alike ({@link RegexSyntax}), and what
   * Envoy's RE2 accepts within its program size ({@link RegexPrograms}).
   */
  public static List<String> regexProblems(String path) {
    List<String> out = new ArrayList<>();
    if (path == null || path.isEmpty()) {
      out.add("path is required");
      return out;
    }
    if (path.length() > ProxyLimits.MAX_PATH_LENGTH) {
      out.add("the path is " + path.length() + " characters long; the longest every proxy matches correctly is "
          + ProxyLimits.MAX_PATH_LENGTH + " (nginx matches only 255 bytes of a location)");
      return out;
    }
    if (!path.startsWith("/")) {
      out.add(Names.quote(path) + " must be an absolute path (start with '/')");
      return out;
    }
    var syntax = RegexSyntax.problem(path);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      // '<' and '>' only ever appear in constructs the syntax check names (lookbehind, named groups)
      if (!allowed(c) && REGEX_EXTRA.indexOf(c) < 0 && (c != '<' && c != '>' || syntax.isEmpty())) {
        out.add(Names.quote(path) + " contains " + describe(c) + ", which is not allowed in a regex path: it may hold"
            + " only letters, digits, " + ALLOWED_PUNCTUATION.replace("", " ").trim() + " and "
            + REGEX_EXTRA.replace("", " ").trim());
        return out;
      }
    }
    syntax.or(() -> RegexPrograms.problem(path))
        .ifPresent(p -> out.add(Names.quote(path) + " is refused as a regex path: " + p));
    return out;
  }

  /** A warning for ImplementationSpecific paths that look like regular expressions, or empty. */
  public static String regexHint(String path, String pathType) {
    if (!pathType.equals("ImplementationSpecific") || path == null) {
      return "";
    }
    for (int i = 0; i < path.length(); i++) {
      if (REGEX_HINTS.indexOf(path.charAt(i)) >= 0) {
        return Names.quote(path) + " looks like a regular expression, but ImplementationSpecific is treated as"
            + " Prefix and '" + path.charAt(i) + "' is matched literally";
      }
    }
    return "";
  }

  /**
   * A warning for a path that no request can match: an empty or dot segment, which only
   * ImplementationSpecific lets through the API server's rules, never survives a request's
   * canonicalization ({@link RequestTargets}).
   */
  public static String unreachableHint(String path) {
    if (path == null || !path.startsWith("/") || RequestTargets.reachable(path)) {
      return "";
    }
    return Names.quote(path) + " holds an empty or dot segment (\"//\", \"/./\" or \"/../\"): a request's slashes are"
        + " merged and its dot segments refused before matching, so no request can match this path";
  }

  static boolean allowed(char c) {
    return RequestTargets.ruleChar(c);
  }

  private static String describe(char c) {
    if (Character.isWhitespace(c)) {
      return "whitespace " + String.format("(\\u%04x)", (int) c);
    }
    if (Character.isISOControl(c)) {
      return "a control character " + String.format("(\\u%04x)", (int) c);
    }
    if (c == '%') {
      return "'%' (write the decoded character: a request's escapes are decoded before matching)";
    }
    if (c == '?') {
      return "'?' (the query string never takes part in matching)";
    }
    if (c > 0x7e) {
      return String.format("a non-ASCII character (\\u%04x)", (int) c);
    }
    return "'" + c + "'";
  }
}
