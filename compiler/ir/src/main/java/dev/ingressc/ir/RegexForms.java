package dev.ingressc.ir;

import java.util.BitSet;

/**
 * Rewrites a regex path (already accepted by the compiler's {@code RegexSyntax}) into the two forms
 * the targets run, atom by atom; groups, alternation, anchors and quantifiers are copied.
 *
 * <ul>
 *   <li>The <b>rule-character form</b> (the oracle, nginx, HAProxy): every class ({@code .},
 *       {@code [^/]}, {@code \W}, ...) is narrowed to the rule characters (SEMANTICS.md, "What a
 *       path may hold") and written out, case-folded. So a regex matches only rule characters, and
 *       it reads the same on the canonical path (the oracle: other escapes kept as {@code %XX},
 *       which no atom matches) as on a path decoded whole (nginx's {@code $uri}, HAProxy's
 *       {@code url_dec}: the decoded other character matches no atom either).
 *   <li>The <b>raw-path form</b> (Envoy, which routes by the raw path): each atom also matches the
 *       escape of each rule character it matches ({@code %61} for {@code a}, either hex case), and
 *       a {@code /} atom matches a run of slashes.
 * </ul>
 */
final class RegexForms {
  /** Printable ASCII that is a rule character. */
  private static final BitSet RULE = new BitSet(128);

  static {
    for (char c = '!'; c <= '~'; c++) {
      if (RequestTargets.ruleChar(c)) {
        RULE.set(c);
      }
    }
  }

  private final String re;
  private final boolean raw;
  private final StringBuilder out = new StringBuilder();
  private int pos;

  private RegexForms(String re, boolean raw) {
    this.re = re;
    this.raw = raw;
  }

  static String ruleCharForm(String regex) {
    return new RegexForms(regex, false).run();
  }

  static String rawPathForm(String regex) {
    return new RegexForms(regex, true).run();
  }

  private String run() {
    while (pos < re.length()) {
      char c = re.charAt(pos);
      switch (c) {
        case '(', ')', '|', '^', '$', '*', '+', '?' -> {
          out.append(c);
          pos++;
          if (c == '(' && re.startsWith("?:", pos)) {
            out.append("?:");
            pos += 2;
          }
        }
        case '{' -> {
          int close = re.indexOf('}', pos);
          out.append(re, pos, close + 1);
          pos = close + 1;
        }
        case '[' -> set(bracketClass());
        case '\\' -> {
          char e = re.charAt(pos + 1);
          pos += 2;
          if ("dwDW".indexOf(e) >= 0) {
            set(escapeClass(e));
          } else {
            literal(e);
          }
        }
        case '.' -> {
          pos++;
          set((BitSet) RULE.clone());
        }
        default -> {
          pos++;
          literal(c);
        }
      }
    }
    return out.toString();
  }

  private void literal(char c) {
    if (!raw) {
      // Every target matches case-insensitively, so a literal stays itself (escaped unless alphanumeric).
      out.append(Character.isLetterOrDigit(c) || c == '/' || c == '_' ? "" : "\\").append(c);
      return;
    }
    BitSet one = new BitSet(128);
    one.set(c);
    set(one);
  }

  /** One atom matching the rule characters in {@code chars} (closed under case folding here). */
  private void set(BitSet chars) {
    fold(chars);
    chars.and(RULE);
    boolean slash = chars.get('/');
    chars.clear('/');
    StringBuilder alt = new StringBuilder();
    if (!chars.isEmpty()) {
      alt.append(charClass(chars));
    }
    if (raw && !chars.isEmpty()) {
      alt.append("|%(?:").append(escapes(chars)).append(')');
    }
    if (slash) {
      alt.append(alt.length() == 0 ? "" : "|").append(raw ? "/+" : "/");
    }
    if (alt.length() == 0) {
      out.append("[^\\x00-\\x7f]"); // a class of no rule character: matches nothing in a path
    } else if (!raw && alt.indexOf("|") < 0) {
      out.append(alt);
    } else {
      out.append("(?:").append(alt).append(')');
    }
  }

  /** Escapes for {@code chars}, grouped by high nibble: {@code 6[1-9A-F]|7[0-9A]}. */
  private static String escapes(BitSet chars) {
    StringBuilder sb = new StringBuilder();
    for (int hi = 2; hi <= 7; hi++) {
      StringBuilder lows = new StringBuilder();
      for (int lo = 0; lo < 16; lo++) {
        if (chars.get(hi * 16 + lo)) {
          lows.append(Character.toUpperCase(Character.forDigit(lo, 16)));
        }
      }
      if (lows.length() > 0) {
        sb.append(sb.length() == 0 ? "" : "|").append(hi).append('[').append(lows).append(']');
      }
    }
    return sb.toString();
  }

  /** An explicit class of {@code chars} (no slash), every member escaped or safe inside brackets. */
  private static String charClass(BitSet chars) {
    StringBuilder sb = new StringBuilder("[");
    for (int c = chars.nextSetBit(0); c >= 0; c = chars.nextSetBit(c + 1)) {
      if (Character.isLetterOrDigit(c)) {
        int end = c;
        while (end + 1 < 128 && chars.get(end + 1) && sameRun(c, end + 1)) {
          end++;
        }
        sb.append((char) c);
        if (end - c >= 2) {
          sb.append('-').append((char) end);
          c = end;
        }
      } else {
        sb.append(c == '_' ? "" : "\\").append((char) c);
      }
    }
    return sb.append(']').toString();
  }

  /** Whether {@code a} and {@code b} are both digits, both lower-case or both upper-case letters. */
  private static boolean sameRun(int a, int b) {
    return Character.isDigit(a) && Character.isDigit(b) || Character.isLowerCase(a) && Character.isLowerCase(b)
        || Character.isUpperCase(a) && Character.isUpperCase(b);
  }

  private BitSet bracketClass() {
    pos++;
    boolean negated = re.charAt(pos) == '^';
    if (negated) {
      pos++;
    }
    BitSet members = new BitSet(128);
    while (re.charAt(pos) != ']') {
      char c = re.charAt(pos);
      char from;
      if (c == '\\') {
        char e = re.charAt(pos + 1);
        pos += 2;
        if ("dwDW".indexOf(e) >= 0) {
          members.or(escapeClass(e));
          continue;
        }
        from = e;
      } else {
        from = c;
        pos++;
      }
      char to = from;
      if (re.charAt(pos) == '-' && re.charAt(pos + 1) != ']') {
        to = re.charAt(pos + 1);
        pos += 2;
      }
      members.set(from, to + 1);
    }
    pos++;
    fold(members);
    if (!negated) {
      return members;
    }
    BitSet rest = (BitSet) RULE.clone();
    rest.andNot(members);
    return rest;
  }

  private static BitSet escapeClass(char e) {
    BitSet s = new BitSet(128);
    if (e == 'd' || e == 'D') {
      s.set('0', '9' + 1);
    } else {
      s.set('0', '9' + 1);
      s.set('a', 'z' + 1);
      s.set('A', 'Z' + 1);
      s.set('_');
    }
    if (Character.isUpperCase(e)) {
      BitSet rest = (BitSet) RULE.clone();
      rest.andNot(s);
      return rest;
    }
    return s;
  }

  /** Case-insensitive matching, written into the set: each letter with its other case. */
  private static void fold(BitSet s) {
    for (char c = 'a'; c <= 'z'; c++) {
      char u = Character.toUpperCase(c);
      if (s.get(c) || s.get(u)) {
        s.set(c);
        s.set(u);
      }
    }
  }
}
