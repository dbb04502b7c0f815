package dev.ingressc.ir;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * How a {@link PathMatch#REGEX} route matches, as ingress-nginx's {@code location ~* "^PATH"}: the
 * canonical request path is searched for the path's regular expression, case-insensitively,
 * anchored at the start only (a match need not reach the end). Normalize accepts only the syntax
 * on which PCRE (nginx, HAProxy), RE2 (Envoy) and java.util.regex agree, so this is what every
 * target does. It is also the one place that spells each target's form of the expression.
 */
public final class RegexPaths {
  private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

  private RegexPaths() {}

  public static boolean matches(String regex, String canonicalPath) {
    return COMPILED.computeIfAbsent(regex, RegexPaths::compile).matcher(canonicalPath).lookingAt();
  }

  /**
   * The rule-character form ({@link RegexForms}) for a case-insensitive search anchored at the
   * start: nginx's {@code location ~* "^..."}, HAProxy's {@code map_reg} after the host.
   */
  public static String anchored(String regex) {
    return "^" + RegexForms.ruleCharForm(regex);
  }

  /** The rule-character form alone, for a target that anchors it itself. */
  public static String ruleCharForm(String regex) {
    return RegexForms.ruleCharForm(regex);
  }

  /**
   * The regex as the user wrote it, for a whole-subject match (RE2's program-size check reads this:
   * the part an operator writes).
   */
  public static String fullMatch(String regex) {
    return "(?i)(?:" + regex + ").*";
  }

  /**
   * Envoy's {@code safe_regex} on the raw path (the query excluded), a whole-subject match: the
   * raw-path form ({@link RegexForms}), then anything.
   */
  public static String rawPathFullMatch(String regex) {
    return "(?i)(?:" + RegexForms.rawPathForm(regex) + ").*";
  }

  private static Pattern compile(String regex) {
    return Pattern.compile(RegexForms.ruleCharForm(regex), Pattern.CASE_INSENSITIVE);
  }
}
