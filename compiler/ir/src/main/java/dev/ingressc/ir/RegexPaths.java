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
   * The capture groups of the match at the start of {@code canonicalPath} (group 1 first; a group
   * that took no part is empty), or empty when the regex does not match there (SEMANTICS.md, Rewrites).
   */
  public static java.util.Optional<java.util.List<String>> captures(String regex, String canonicalPath) {
    java.util.regex.Matcher m = COMPILED.computeIfAbsent(regex, RegexPaths::compile).matcher(canonicalPath);
    if (!m.lookingAt()) {
      return java.util.Optional.empty();
    }
    java.util.List<String> groups = new java.util.ArrayList<>();
    for (int i = 1; i <= m.groupCount(); i++) {
      groups.add(m.group(i) == null ? "" : m.group(i));
    }
    return java.util.Optional.of(groups);
  }

  /** How many capture groups the regex has. */
  public static int groupCount(String regex) {
    return COMPILED.computeIfAbsent(regex, RegexPaths::compile).matcher("").groupCount();
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
