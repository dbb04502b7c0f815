package dev.ingressc.ir;

/**
 * What every listener of a compile shares. Decided once, from the class parameters, because a
 * proxy can switch these only per listening socket, not per host.
 *
 * @param http2 whether the TLS listener offers HTTP/2 by ALPN ({@code h2}, then {@code http/1.1});
 *     plaintext listeners always speak HTTP/1.1 only
 * @param trustedProxies the proxies in front whose X-Forwarded-For names the client (none: the
 *     client address is the connection's)
 */
public record ListenerSettings(boolean http2, TrustedProxies trustedProxies) {

  public static final ListenerSettings DEFAULTS = new ListenerSettings(true, TrustedProxies.NONE);
}
