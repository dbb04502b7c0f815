package dev.ingressc.ir;

/**
 * A route that answers every request with a redirect instead of proxying it (ingress-nginx's
 * {@code permanent-redirect} and {@code temporal-redirect}). The Location is the URL as written,
 * never with the request's path or query appended (as nginx's {@code return CODE URL} does).
 *
 * @param code the status: one of 301, 302, 303, 307, 308 (the codes every target can answer)
 * @param scheme {@code http} or {@code https}
 * @param host the URL's host, as written
 * @param port the URL's explicit port, or 0 when it has none
 * @param pathAndQuery the URL's path (at least {@code /}) and query, as written
 * @param annotation the annotation key it came from, for explanations
 */
public record Redirect(int code, String scheme, String host, int port, String pathAndQuery, String annotation) {

  /** The Location every target answers. */
  public String location() {
    return scheme + "://" + host + (port == 0 ? "" : ":" + port) + pathAndQuery;
  }
}
