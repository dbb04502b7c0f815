package dev.ingressc.emit.envoy;

/**
 * The one place a regular expression is built, from a validated wildcard host: Envoy's suffix
 * wildcard {@code *.foo.com} matches any depth, the Ingress wildcard exactly one label, so routes of
 * a wildcard virtual host also require the {@code :authority} to be one label deep. No regular
 * expression is ever built from a path.
 */
public final class HostPatterns {
  private HostPatterns() {}

  /**
   * A full-match RE2 pattern for a Host header covered by {@code wildcardHost}: one label without
   * {@code .} or {@code :}, the escaped suffix, an optional trailing dot and an optional port. Case
   * is ignored, as HTTP host names are.
   *
   * @param wildcardHost a validated Ingress host of the form {@code *.suffix}
   */
  public static String oneLabelAuthority(String wildcardHost) {
    if (!wildcardHost.startsWith("*.") || wildcardHost.length() < 3) {
      throw new IllegalArgumentException("not a wildcard host: " + wildcardHost);
    }
    return "(?i)[^.:]+" + quote(wildcardHost.substring(1)) + "\\.?(:[0-9]*)?";
  }

  /**
   * Escapes every character that is not an ASCII letter or digit, so the result matches the input
   * literally in RE2 (and in java.util.regex). Refuses anything outside printable ASCII: a host that
   * survived validation never holds such a character, and RE2 has no escape that is safe for all.
   */
  public static String quote(String literal) {
    StringBuilder out = new StringBuilder(literal.length() * 2);
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        out.append(c);
      } else if (c > 0x20 && c < 0x7f) {
        out.append('\\').append(c);
      } else {
        throw new IllegalArgumentException(String.format("cannot quote character \\u%04x in %s", (int) c, literal));
      }
    }
    return out.toString();
  }
}
