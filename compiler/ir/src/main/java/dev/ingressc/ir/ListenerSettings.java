package dev.ingressc.ir;

/**
 * What every listener of a compile shares. Decided once, from the class parameters, because a
 * proxy can switch these only per listening socket, not per host.
 *
 * @param http2 whether the TLS listener offers HTTP/2 by ALPN ({@code h2}, then {@code http/1.1});
 *     plaintext listeners always speak HTTP/1.1 only
 */
public record ListenerSettings(boolean http2) {

  public static final ListenerSettings DEFAULTS = new ListenerSettings(true);
}
