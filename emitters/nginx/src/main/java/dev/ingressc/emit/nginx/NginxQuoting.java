package dev.ingressc.emit.nginx;

import java.util.regex.Pattern;

/**
 * The one function through which every IR value reaches nginx.conf. The Freemarker output format
 * applies it to every interpolation, so a template cannot print a value any other way.
 *
 * <p>A value becomes one double-quoted nginx token: nginx's parser turns {@code \\}, {@code \"},
 * {@code \n}, {@code \r} and {@code \t} back into the original characters, so whitespace,
 * {@code ; { } #} and quotes inside it are inert. A run of digits needs no quotes and gets none, so
 * numbers such as ports read naturally and can carry a unit ({@code 5000ms}).
 *
 * <p>{@code $} is refused, not escaped: nginx has no escape for it, and in directives that take
 * variables ({@code proxy_pass}, {@code set}, {@code return}, {@code ssl_certificate}) it would
 * start a variable. Validation already rejects {@code $} in every field that reaches the config, so
 * meeting one here is a bug upstream, and failing beats writing a config that means something else.
 * Other control characters, which nginx cannot spell inside a string, are refused likewise.
 *
 * <p>The exceptions are {@link #mapRegex} and {@link #locationRegex}: the regex that a {@code map}
 * compares its source against, or a location's regex, is compiled as it is, never scanned for
 * variables, so there {@code $} is the regex's end anchor and is printed.
 */
public final class NginxQuoting {
  private static final Pattern BARE_NUMBER = Pattern.compile("[0-9]{1,18}");

  private NginxQuoting() {}

  public static String quote(String value) {
    if (BARE_NUMBER.matcher(value).matches()) {
      return value;
    }
    return quoted(value, false);
  }

  /**
   * One double-quoted token: the fixed nginx variables {@code variables} (code, never user text)
   * followed by {@code value}, quoted as {@link #quote} quotes it ({@code $} refused). nginx expands
   * variables inside a quoted {@code return} URL, e.g. {@code "$scheme://$http_host/app"}.
   */
  public static String afterVariables(String variables, String value) {
    return "\"" + variables + quoted(value, false).substring(1);
  }

  /**
   * One double-quoted token: {@code value}, quoted as {@link #quote} quotes it ({@code $} refused),
   * followed by the fixed nginx variables {@code variables} (code, never user text), e.g.
   * {@code "https://example.com$ingressc_www_uri"}.
   */
  public static String beforeVariables(String value, String variables) {
    String q = quoted(value, false);
    return q.substring(0, q.length() - 1) + variables + "\"";
  }

  /**
   * A {@code map} source value that is the regular expression {@code regex} (nginx's {@code ~}
   * prefix added): the same quoting, with {@code $} kept, since nginx compiles a map's regex
   * without expanding variables. nginx's parser turns the quoted token back into {@code ~regex}.
   */
  public static String mapRegex(String regex) {
    return quoted("~" + regex, true);
  }

  /**
   * A regex location's modifier and name, {@code ~* "^REGEX"} (ingress-nginx's form for a regex
   * path): quoted as a map regex, since nginx compiles a location's regex without expanding
   * variables either.
   */
  public static String locationRegex(String anchoredRegex) {
    return "~* " + quoted(anchoredRegex, true);
  }

  /**
   * A regex compiled as it is ({@code rewrite}'s and {@code if}'s regex, which nginx never scans for
   * variables): quoted as a map regex.
   */
  public static String regex(String regex) {
    return quoted(regex, true);
  }

  /**
   * A {@code rewrite} replacement (SEMANTICS.md, Rewrites): {@code $} only as a capture {@code $1}
   * to {@code $9}, which nginx expands; any other {@code $} would start a variable and is refused.
   */
  public static String rewriteReplacement(String replacement) {
    for (int i = 0; i < replacement.length(); i++) {
      if (replacement.charAt(i) == '$' && (i + 1 == replacement.length() || replacement.charAt(i + 1) < '1'
          || replacement.charAt(i + 1) > '9')) {
        throw new UnsafeValueException("'$' other than a capture $1-$9 cannot be written into a rewrite");
      }
    }
    return quoted(replacement, true);
  }

  private static String quoted(String value, boolean regex) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '$' -> {
          if (!regex) {
            throw new UnsafeValueException("'$' cannot be written safely into nginx.conf");
          }
          sb.append(c);
        }
        default -> {
          if (c < 0x20 || c == 0x7f) {
            throw new UnsafeValueException(String.format("control character \\u%04x cannot be written into nginx.conf", (int) c));
          }
          sb.append(c);
        }
      }
    }
    return sb.append('"').toString();
  }

  /** A value that no nginx string can hold inertly; the message never repeats the value. */
  public static final class UnsafeValueException extends IllegalArgumentException {
    public UnsafeValueException(String message) {
      super(message);
    }
  }
}
