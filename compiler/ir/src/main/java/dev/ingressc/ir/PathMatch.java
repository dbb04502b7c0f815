package dev.ingressc.ir;

/** How a route's path is compared with the request path. EXACT and PREFIX are case-sensitive. */
public enum PathMatch {
  /** The request path equals the route path exactly. */
  EXACT,
  /**
   * Element-wise prefix on {@code /}-separated elements: {@code /foo} matches {@code /foo},
   * {@code /foo/} and {@code /foo/bar}, never {@code /foobar}. A trailing slash on either side does
   * not matter.
   */
  PREFIX,
  /**
   * ingress-nginx's regex location {@code ~* "^PATH"}: the path is a regular expression, searched
   * case-insensitively and anchored at the start only (SEMANTICS.md, "Regex paths").
   */
  REGEX;

  public static String trimTrailingSlash(String path) {
    int end = path.length();
    while (end > 1 && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(0, end);
  }
}
