package dev.ingressc.diag;

/**
 * The one escaping of user-supplied text for human-readable output (diagnostics, {@code describe},
 * {@code route}, the sidecar's logs and Events). A character that a terminal or a log viewer would
 * act on or hide instead of show is written as a visible <code>&#92;uXXXX</code> escape, so no name, file name
 * or field value can end a line, forge another line, colour the terminal or reorder what is shown.
 *
 * <p>Those characters are the Unicode categories Cc (C0 with TAB, CR, LF, NUL and ESC; DEL; C1), Cf
 * (bidi controls such as U+202E and U+2066-U+2069, zero-width U+200B-U+200D, U+2060, U+FEFF, tag
 * characters), Zl and Zp (U+2028, U+2029), and lone surrogates. A supplementary character is written
 * as its two UTF-16 escapes.
 */
public final class UserText {
  private UserText() {}

  /** Whether the code point {@code c} is shown as an escape. */
  public static boolean isUnsafe(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE -> true;
      default -> false;
    };
  }

  /**
   * {@code s} with every unsafe character as <code>&#92;uXXXX</code>; everything else, backslash included, is
   * kept. So it can be applied to text that already holds escaped values, such as a whole message made
   * with {@link #quote}: it changes nothing there.
   */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    if (s.codePoints().noneMatch(UserText::isUnsafe)) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    s.codePoints().forEach(c -> append(sb, c));
    return sb.toString();
  }

  /**
   * A value inside a message: in double quotes, {@code "} and {@code \} escaped with a backslash,
   * unsafe characters as with {@link #escape}, cut after 200 characters with {@code ...}.
   */
  public static String quote(String s) {
    return quote(s, 200);
  }

  /** As {@link #quote(String)}, cut after {@code limit} characters. */
  public static String quote(String s, int limit) {
    StringBuilder sb = new StringBuilder("\"");
    int cut = s.length() > limit ? s.offsetByCodePoints(0, Math.min(limit, s.codePointCount(0, s.length()))) : s.length();
    s.substring(0, cut).codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        sb.append('\\').appendCodePoint(c);
      } else {
        append(sb, c);
      }
    });
    if (cut < s.length()) {
      sb.append("...");
    }
    return sb.append('"').toString();
  }

  private static void append(StringBuilder sb, int c) {
    if (!isUnsafe(c)) {
      sb.appendCodePoint(c);
      return;
    }
    for (char unit : Character.toChars(c)) {
      sb.append(String.format("\\u%04x", (int) unit));
    }
  }
}
