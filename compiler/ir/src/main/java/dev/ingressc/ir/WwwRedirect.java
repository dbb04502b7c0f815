package dev.ingressc.ir;

/**
 * ingress-nginx's {@code from-to-www-redirect} on a host: requests for its www. twin ({@code from};
 * the bare name for a www. host) get {@code 308} to the host, scheme kept, the request target kept
 * as sent except one trailing {@code /} of a path without query (SEMANTICS.md, Redirects). A twin
 * that is itself an exact rule host is served as that host instead ({@link HostIndex#wwwTwin}).
 *
 * @param from the twin name that is redirected to the host
 * @param origin the Ingress (and annotation field) that asked for it
 */
public record WwwRedirect(String from, Origin origin) {
  /** The status every target answers (ingress-nginx's default http-redirect-code). */
  public static final int CODE = 308;

  /** The twin of an exact host: without its leading {@code www.}, else with one. */
  public static String twinOf(String host) {
    return host.startsWith("www.") ? host.substring(4) : "www." + host;
  }

  /**
   * The Location for a request to the twin of {@code v}: the scheme, the host (with the https port
   * when it is not 443, over TLS only), and the target as sent, less one trailing {@code /} when it
   * has no query and is not {@code /} itself.
   */
  public static String location(VirtualHost v, boolean https, int httpsPort, String target) {
    String kept = target.indexOf('?') < 0 && target.length() > 1 && target.endsWith("/")
        ? target.substring(0, target.length() - 1) : target;
    return (https ? "https://" : "http://") + v.host() + (https && httpsPort != 443 ? ":" + httpsPort : "") + kept;
  }
}
