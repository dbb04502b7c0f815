package dev.ingressc.ir;

/** The Ingress path rules: Exact is whole and case-sensitive; Prefix is element-wise. */
public final class PathMatching {
  private PathMatching() {}

  /** The path part of a request target: everything before {@code ?}. The query never takes part. */
  public static String pathOf(String target) {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  public static boolean matches(Route route, String requestPath) {
    return matches(route.match(), route.matchPath(), requestPath);
  }

  /** {@code matchPath} as {@link Route#matchPath()} gives it: a Prefix without its trailing slash. */
  public static boolean matches(PathMatch match, String matchPath, String requestPath) {
    if (match == PathMatch.REGEX) {
      return RegexPaths.matches(matchPath, requestPath);
    }
    if (match == PathMatch.EXACT) {
      return matchPath.equals(requestPath);
    }
    String prefix = matchPath;
    if (prefix.equals("/")) {
      return requestPath.startsWith("/");
    }
    return requestPath.equals(prefix) || requestPath.startsWith(prefix + "/");
  }
}
