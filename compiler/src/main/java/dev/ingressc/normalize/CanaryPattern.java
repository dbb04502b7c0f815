package dev.ingressc.normalize;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The regex subset of {@code canary-by-header-pattern}: what nginx's PCRE, HAProxy's PCRE2 and
 * Envoy's RE2 all run the same way. Printable ASCII; escapes only of punctuation and {@code \d \w
 * \s \b} (and their negations); groups only {@code (...)} and {@code (?:...)}. Lookaround,
 * backreferences, atomic groups and possessive quantifiers are refused by name.
 */
final class CanaryPattern {
  private CanaryPattern() {}

  /** Why {@code regex} is refused, naming the construct; empty when it is accepted. */
  static Optional<String> problem(String regex) {
    if (regex.isEmpty()) {
      return Optional.of("an empty pattern matches every value");
    }
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      char next = i + 1 < regex.length() ? regex.charAt(i + 1) : 0;
      if (c < 0x20 || c > 0x7e) {
        return Optional.of("only printable ASCII characters are allowed");
      }
      if (c == '\\') {
        if (next >= '0' && next <= '9' || next == 'k') {
          return Optional.of("backreference \\" + next + " (not supported by RE2)");
        }
        if (Character.isLetterOrDigit(next) && "dDwWsSbB".indexOf(next) < 0) {
          return Optional.of("escape \\" + next + " (engines differ on it; use a class such as [0-9])");
        }
        i++;
        continue;
      }
      if (inClass) {
        inClass = c != ']';
        continue;
      }
      if (c == '[') {
        inClass = true;
        if (next == ']' || next == '^' && i + 2 < regex.length() && regex.charAt(i + 2) == ']') {
          i += next == '^' ? 2 : 1;
        }
      } else if (c == '(' && next == '?') {
        String rest = regex.substring(i + 2);
        if (rest.startsWith("=") || rest.startsWith("!")) {
          return Optional.of("lookahead (?" + rest.charAt(0) + " (not supported by RE2)");
        }
        if (rest.startsWith("<=") || rest.startsWith("<!")) {
          return Optional.of("lookbehind (?" + rest.substring(0, 2) + " (not supported by RE2)");
        }
        if (rest.startsWith(">")) {
          return Optional.of("atomic group (?> (not supported by RE2)");
        }
        if (!rest.startsWith(":")) {
          return Optional.of("group (?" + (rest.isEmpty() ? "" : rest.charAt(0)) + " (only ( ) and (?: ) are allowed)");
        }
      } else if ((c == '*' || c == '+' || c == '?' || c == '}') && next == '+') {
        return Optional.of("possessive quantifier " + c + "+ (not supported by RE2)");
      }
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      return Optional.of("not a valid regular expression: " + e.getDescription());
    }
    return Optional.empty();
  }
}
