package dev.ingressc.validate;

import java.util.Optional;

/**
 * The regular-expression syntax a regex path may use: the part on which nginx's PCRE, HAProxy's
 * PCRE2, Envoy's RE2 and java.util.regex (the oracle) agree, case-insensitively and on ASCII.
 * A whitelist, read by a small recursive-descent parser: anything it does not know is refused with
 * the construct's name, so a regex never means one thing on one proxy and another on the next.
 *
 * <p>Allowed: literal rule characters; {@code .}; escapes of punctuation ({@code \.}, {@code \/},
 * ...) and the classes {@code \d \w \D \W}; bracket classes of literal characters, ranges and
 * those escapes (negated or not); capturing and {@code (?:...)} groups; alternation inside a group;
 * {@code $}; the quantifiers {@code * + ? {n} {n,} {n,m}} (at most 1000, RE2's
 * limit), each maybe lazy ({@code ?} after it). Refused, by name: lookahead and lookbehind,
 * backreferences, possessive quantifiers, atomic groups, {@code \K}, recursion, conditionals,
 * named groups, inline flags, comments, verbs, POSIX classes, Unicode properties, {@code \Q..\E},
 * and a top-level {@code |} (ingress-nginx's {@code ^} would anchor only its first branch).
 */
public final class RegexSyntax {
  /** RE2's largest repetition count. */
  static final int MAX_REPEAT = 1000;
  private static final String CLASS_ESCAPES = "dwDW";
  private static final String PUNCT_ESCAPES = ".\\/-()[]{}*+?|^$!&,=:@~_";

  private final String re;
  private int pos;
  private int depth;

  private RegexSyntax(String re) {
    this.re = re;
  }

  /** Why {@code regex} is refused, naming the construct; empty when every target runs it alike. */
  public static Optional<String> problem(String regex) {
    try {
      new RegexSyntax(regex).alternation(true);
      return Optional.empty();
    } catch (Refusal r) {
      return Optional.of(r.getMessage());
    }
  }

  private void alternation(boolean top) {
    sequence();
    while (pos < re.length() && re.charAt(pos) == '|') {
      if (top) {
        throw refuse("'|' outside a group: ingress-nginx writes \"^PATH\", so '^' would anchor only the first"
            + " alternative; write (?:a|b)");
      }
      pos++;
      sequence();
    }
    if (top && pos < re.length()) {
      throw refuse("an unmatched ')'");
    }
  }

  private void sequence() {
    while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
      boolean quantifiable = atom();
      quantifier(quantifiable);
    }
  }

  /** One atom; whether a quantifier may follow it. */
  private boolean atom() {
    char c = re.charAt(pos);
    switch (c) {
      case '(' -> {
        group();
        return true;
      }
      case '[' -> {
        bracketClass();
        return true;
      }
      case '\\' -> {
        escape(false);
        return true;
      }
      case '^' -> throw refuse("'^' (the path starts with '/', after which '^' never matches; ingress-nginx anchors the"
          + " path at its start already)");
      case '$' -> {
        pos++;
        return false;
      }
      case '*', '+', '?' -> throw refuse("a quantifier '" + c + "' with nothing to repeat");
      case '{' -> throw refuse("a literal '{' (write \\{): engines disagree on braces that are not a quantifier");
      case '}' -> throw refuse("a literal '}' (write \\})");
      case ']' -> throw refuse("a literal ']' (write \\])");
      default -> {
        if (c == '.' || literal(c)) {
          pos++;
          return true;
        }
        throw refuse("the character '" + c + "'");
      }
    }
  }

  private void group() {
    int start = pos;
    pos++;
    if (re.startsWith("?:", pos)) {
      pos += 2;
    } else if (re.startsWith("?=", pos) || re.startsWith("?!", pos)) {
      throw refuse("a lookahead (" + re.substring(start, pos + 2) + "...)");
    } else if (re.startsWith("?<=", pos) || re.startsWith("?<!", pos)) {
      throw refuse("a lookbehind (" + re.substring(start, pos + 3) + "...)");
    } else if (re.startsWith("?>", pos)) {
      throw refuse("an atomic group ((?>...))");
    } else if (re.startsWith("?(", pos)) {
      throw refuse("a conditional ((?(...)...))");
    } else if (re.startsWith("?#", pos)) {
      throw refuse("a comment ((?#...))");
    } else if (re.startsWith("?R", pos) || re.startsWith("?&", pos) || re.startsWith("?P>", pos)
        || (pos + 1 < re.length() && re.charAt(pos) == '?' && (Character.isDigit(re.charAt(pos + 1))
            || re.charAt(pos + 1) == '+' || re.charAt(pos + 1) == '-' && pos + 2 < re.length()
            && Character.isDigit(re.charAt(pos + 2))))) {
      throw refuse("recursion or a subroutine call ((?R), (?1), ...)");
    } else if (re.startsWith("?P<", pos) || re.startsWith("?<", pos) || re.startsWith("?'", pos)) {
      throw refuse("a named group (java.util.regex and RE2 spell it differently); use a plain group");
    } else if (re.startsWith("?", pos)) {
      throw refuse("inline flags or another (?...) group: only (?:...) is allowed (paths already match"
          + " case-insensitively)");
    } else if (re.startsWith("*", pos)) {
      throw refuse("a backtracking verb ((*...))");
    }
    if (++depth > 100) {
      throw refuse("groups nested more than 100 deep");
    }
    alternation(false);
    depth--;
    if (pos >= re.length() || re.charAt(pos) != ')') {
      throw refuse("an unclosed group '('");
    }
    pos++;
  }

  private void quantifier(boolean quantifiable) {
    if (pos >= re.length()) {
      return;
    }
    char c = re.charAt(pos);
    if (c != '*' && c != '+' && c != '?' && c != '{') {
      return;
    }
    if (!quantifiable) {
      throw refuse("a quantifier '" + c + "' after an anchor");
    }
    if (c == '{') {
      braces();
    } else {
      pos++;
    }
    if (pos < re.length() && re.charAt(pos) == '?') {
      pos++;
    } else if (pos < re.length() && re.charAt(pos) == '+') {
      throw refuse("a possessive quantifier ('" + c + "...+')");
    }
    if (pos < re.length() && "*+?{".indexOf(re.charAt(pos)) >= 0) {
      throw refuse("a quantifier on a quantifier ('" + re.charAt(pos) + "' after another)");
    }
  }

  private void braces() {
    int close = re.indexOf('}', pos);
    String inside = close < 0 ? "" : re.substring(pos + 1, close);
    if (!inside.matches("[0-9]{1,4}(,[0-9]{0,4})?")) {
      throw refuse("a literal '{' or a malformed count (write \\{, or {n}, {n,} or {n,m})");
    }
    String[] parts = inside.split(",", -1);
    int min = Integer.parseInt(parts[0]);
    int max = parts.length == 1 ? min : parts[1].isEmpty() ? -1 : Integer.parseInt(parts[1]);
    if (min > MAX_REPEAT || max > MAX_REPEAT) {
      throw refuse("a repetition count over " + MAX_REPEAT + " (RE2's limit)");
    }
    if (max >= 0 && max < min) {
      throw refuse("a repetition count {" + inside + "} whose maximum is below its minimum");
    }
    pos = close + 1;
  }

  private void bracketClass() {
    pos++;
    if (pos < re.length() && re.charAt(pos) == '^') {
      pos++;
    }
    int members = 0;
    while (true) {
      if (pos >= re.length()) {
        throw refuse("an unclosed class '['");
      }
      char c = re.charAt(pos);
      if (c == ']') {
        if (members == 0) {
          throw refuse("an empty class '[]' (write \\] for a literal ']')");
        }
        pos++;
        return;
      }
      if (c == '[') {
        throw refuse(re.startsWith("[:", pos) ? "a POSIX class ([:...:])" : "a '[' inside a class (write \\[)");
      }
      if (c == '&' && re.startsWith("&&", pos)) {
        throw refuse("'&&' inside a class (java.util.regex reads it as an intersection)");
      }
      boolean single = c != '\\' || escape(true);
      if (c != '\\') {
        if (!literal(c) && c != '^' && c != '$' && c != '.' && c != '?' && c != '|' && c != '{' && c != '}') {
          throw refuse("the character '" + c + "' in a class");
        }
        pos++;
      }
      if (single && pos + 1 < re.length() && re.charAt(pos) == '-' && re.charAt(pos + 1) != ']') {
        char from = c == '\\' ? re.charAt(pos - 1) : c;
        char to = re.charAt(pos + 1);
        if (to == '\\' || to == '[') {
          throw refuse("a range whose end is an escape or '['");
        }
        if (to < from || !(digit(from) && digit(to) || lower(from) && lower(to) || upper(from) && upper(to))) {
          throw refuse("a range '" + from + "-" + to + "' (a range goes up, within digits, lower-case or upper-case"
              + " letters: case folding of other ranges differs between engines)");
        }
        pos += 2;
      }
      members++;
    }
  }

  /** An escape at {@code pos}; whether it stands for one character (a range may start there). */
  private boolean escape(boolean inClass) {
    if (pos + 1 >= re.length()) {
      throw refuse("a trailing backslash");
    }
    char e = re.charAt(pos + 1);
    pos += 2;
    if (CLASS_ESCAPES.indexOf(e) >= 0) {
      return false;
    }
    if (PUNCT_ESCAPES.indexOf(e) >= 0) {
      return true;
    }
    throw refuse(switch (e) {
      case '1', '2', '3', '4', '5', '6', '7', '8', '9' -> "a backreference (\\" + e + ")";
      case 'k', 'g' -> "a backreference or subroutine (\\" + e + ")";
      case 'K' -> "\\K (reset of the match start)";
      case 'Q', 'E' -> "quoting (\\Q...\\E)";
      case 'p', 'P' -> "a Unicode property (\\" + e + ")";
      case 'b', 'B', 'A', 'z', 'Z', 'G' -> "the assertion \\" + e + " (engines disagree on it)";
      case 's', 'S', 'h', 'H', 'v', 'V', 'R', 'X', 'N', 'C' -> "the escape \\" + e + " (engines disagree on it)";
      default -> "the escape \\" + e + (inClass ? " in a class" : "");
    });
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean lower(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean upper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  /** A rule character that is a literal outside a class (letters, digits, - _ ~ ! & , = : @ /). */
  private static boolean literal(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_~!&,=:@/".indexOf(c) >= 0;
  }

  private Refusal refuse(String construct) {
    return new Refusal(construct + " at offset " + pos);
  }

  private static final class Refusal extends RuntimeException {
    Refusal(String message) {
      super(message, null, false, false);
    }
  }
}
