package dev.ingressc.ir;

import java.util.List;
import java.util.Optional;

/**
 * ingress-nginx's {@code rewrite-target} and {@code x-forwarded-prefix} on one route (SEMANTICS.md,
 * Rewrites). A route with a target is a regex route ({@link PathMatch#REGEX}); when its regex
 * matches the canonical path, the backend receives the target's pieces (literal text and the
 * regex's captures) as its path, the request's query kept as sent, as nginx's
 * {@code rewrite PATH TARGET break} does. Any route may carry the prefix alone.
 *
 * @param target the rewrite, if {@code rewrite-target} is set
 * @param forwardedPrefix the {@code X-Forwarded-Prefix} value sent to the backend, if set
 */
public record Rewrite(Optional<Target> target, Optional<String> forwardedPrefix) {

  /**
   * @param written the annotation's value, as written
   * @param pieces what the path is made of; a capture the route's regex does not have is already left out
   */
  public record Target(String written, List<Piece> pieces) {
    public Target {
      pieces = List.copyOf(pieces);
    }

    /** The target with each capture as {@code capturePrefix} and its digit ({@code $1}, {@code \1}). */
    public String substitution(String capturePrefix) {
      StringBuilder sb = new StringBuilder();
      for (Piece p : pieces) {
        sb.append(p instanceof Literal l ? l.text() : capturePrefix + ((Capture) p).group());
      }
      return sb.toString();
    }

    /** The path made from {@code groups} (group 1 first; a group that took part in no match is empty). */
    public String apply(List<String> groups) {
      StringBuilder sb = new StringBuilder();
      for (Piece p : pieces) {
        sb.append(p instanceof Literal l ? l.text() : groups.get(((Capture) p).group() - 1));
      }
      return sb.toString();
    }
  }

  /** A piece of a rewrite target. */
  public sealed interface Piece permits Literal, Capture {}

  /** Literal text, made only of letters, digits and {@code - . _ ~ ! & ( ) * + , = : @ /}. */
  public record Literal(String text) implements Piece {}

  /** The regex's capture {@code group}, 1 to 9. */
  public record Capture(int group) implements Piece {}

  /**
   * A request target a rewriting route refuses with 400 (searched from the start, with its query):
   * a path holding a run of slashes or an escape of a rule character (either hex case), or an empty
   * query after {@code ?}. Envoy rewrites the raw path and cannot decode, nginx rewrites the decoded
   * one and drops an empty query: on such a target they would send different paths.
   */
  public static final String UNREWRITABLE_TARGET;
  /** The same, as a whole-target match (Envoy's header matcher). */
  public static final String UNREWRITABLE_TARGET_FULL;

  static {
    // Grouped by the high hex digit, the low one in either case: 2[1689ABCDEabcde]|3[...]...
    StringBuilder escapes = new StringBuilder();
    for (int hi = 2; hi <= 7; hi++) {
      StringBuilder upper = new StringBuilder();
      StringBuilder lower = new StringBuilder();
      for (int lo = 0; lo < 16; lo++) {
        char c = (char) (hi * 16 + lo);
        if (c != '/' && RequestTargets.ruleChar(c)) {
          char digit = Character.toUpperCase(Character.forDigit(lo, 16));
          upper.append(digit);
          if (Character.isLetter(digit)) {
            lower.append(Character.toLowerCase(digit));
          }
        }
      }
      if (upper.length() > 0) {
        escapes.append(escapes.length() == 0 ? "" : "|").append(hi).append('[').append(upper).append(lower).append(']');
      }
    }
    String inPath = "//|%(?:" + escapes + ")";
    UNREWRITABLE_TARGET = "^[^?]*(?:" + inPath + ")|^[^?]*\\?$";
    UNREWRITABLE_TARGET_FULL = "[^?]*(?:" + inPath + ").*|[^?]*\\?";
  }

  private static final java.util.regex.Pattern UNREWRITABLE = java.util.regex.Pattern.compile(UNREWRITABLE_TARGET);

  /** Whether a rewriting route refuses {@code target} (the request target as sent). */
  public static boolean unrewritable(String target) {
    return UNREWRITABLE.matcher(target).find();
  }

  /**
   * The rewrite's regex for {@code regex} (a route's path), the rule-character form of
   * {@link RegexPaths}, case-insensitive and anchored at the start; with {@code rest}, then the rest
   * of the path, so that a substitution of the match replaces the whole path (nginx's rewrite
   * replaces the whole URI; HAProxy's replace-path and Envoy's regex_rewrite only what matched).
   */
  public static String pathRegex(String regex, boolean rest) {
    return "(?i)^(?:" + RegexPaths.ruleCharForm(regex) + ")" + (rest ? ".*" : "");
  }
}
