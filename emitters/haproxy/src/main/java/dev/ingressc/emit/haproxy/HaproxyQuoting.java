package dev.ingressc.emit.haproxy;

import java.util.regex.Pattern;

/**
 * The one function through which every IR value reaches an HAProxy file, for each of its two
 * syntaxes. The Freemarker output formats apply it to every interpolation, so a template cannot
 * print a value any other way.
 *
 * <p>In haproxy.cfg a value is a bare word when it is made of plain characters, and otherwise one
 * single-quoted word: inside single quotes HAProxy expands nothing ({@code $}, {@code \}, {@code #}
 * are literal) and whitespace does not split. A single quote (which the request-target regex holds)
 * is written as {@code '\''}: it closes the quoted part, adds an escaped quote and opens the next,
 * and HAProxy joins adjacent parts into one word, as a shell does. A control character cannot be
 * written inertly, so it is refused: validation already rejects them everywhere, and meeting one
 * here is a bug upstream.
 *
 * <p>In a map file a line is {@code KEY VALUE}, split at whitespace, and a line starting with
 * {@code #} is a comment: a map token may hold neither whitespace nor a leading {@code #}.
 */
public final class HaproxyQuoting {
  private static final Pattern BARE = Pattern.compile("[A-Za-z0-9._:/@+=*\\[\\]-]+");

  private HaproxyQuoting() {}

  /** A haproxy.cfg word. */
  public static String cfg(String value) {
    refuseControl(value, "haproxy.cfg");
    if (!value.isEmpty() && BARE.matcher(value).matches()) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /** A map file key or value. */
  public static String mapToken(String value) {
    refuseControl(value, "a map file");
    if (value.isEmpty() || value.startsWith("#")) {
      throw new UnsafeValueException("a map token cannot be empty or start with '#'");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isWhitespace(value.charAt(i))) {
        throw new UnsafeValueException("whitespace cannot be written into a map file");
      }
    }
    return value;
  }

  private static void refuseControl(String value, String where) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new UnsafeValueException(String.format("control character \\u%04x cannot be written into %s", (int) c, where));
      }
    }
  }

  /** A value no HAProxy syntax can hold inertly; the message never repeats the value. */
  public static final class UnsafeValueException extends IllegalArgumentException {
    public UnsafeValueException(String message) {
      super(message);
    }
  }
}
