package dev.ingressc.emit.nginx;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.templating.EscapingOutputFormat;
import dev.ingressc.ir.IngressIR;

/**
 * What nginx.conf's forwarding headers need (SEMANTICS.md, Forwarding headers; printed by
 * forwarding.ftl): the ports X-Forwarded-Port names, and whether some location sends its own Host
 * (upstream-vhost), which then travels in {@code $ingressc_upstream_host}.
 *
 * @param httpPort the port of plain HTTP, sent as X-Forwarded-Port over HTTP
 * @param httpsPort the TLS port, sent over HTTPS (also when TLS reaches the http block through the
 *     passthrough stream's socket, where {@code $server_port} is not the client's)
 * @param upstreamHosts whether some route has an upstream-vhost
 * @param proxyModule the keyword {@code proxy}, whose {@code _set_header} prints the headers
 * @param grpcModule the keyword {@code grpc}, likewise
 * @param trustedProxies the ranges of the proxies in front whose X-Forwarded-For names the client
 *     (SEMANTICS.md, Client address), for the realip module; empty: the connection's address
 * @param maxForwardedEntries the most X-Forwarded-For entries a trusted proxy may send (more get 403)
 */
public record ForwardingView(int httpPort, int httpsPort, boolean upstreamHosts, EscapingOutputFormat.Markup proxyModule,
    EscapingOutputFormat.Markup grpcModule, java.util.List<String> trustedProxies, int maxForwardedEntries) {

  public ForwardingView(int httpPort, int httpsPort, boolean upstreamHosts) {
    this(httpPort, httpsPort, upstreamHosts, java.util.List.of());
  }

  public ForwardingView(int httpPort, int httpsPort, boolean upstreamHosts, java.util.List<String> trustedProxies) {
    this(httpPort, httpsPort, upstreamHosts, Keyword.PROXY_MODULE.markup(), Keyword.GRPC_MODULE.markup(),
        trustedProxies, dev.ingressc.ir.TrustedProxies.MAX_ENTRIES);
  }

  /** The regex of an X-Forwarded-For with more entries than a trusted proxy may send, after "1:" (a trusted peer). */
  public String overlongForwardedFor() {
    return "~^1:([^,]*,){" + maxForwardedEntries + "}";
  }

  static ForwardingView of(IngressIR ir, EmitOptions options) {
    boolean any = ir.virtualHosts().stream().flatMap(v -> v.routes().stream())
        .anyMatch(r -> r.upstreamHost().isPresent());
    return new ForwardingView(options.httpPort(), options.httpsPort(), any,
        ir.listener().trustedProxies().ranges().stream().map(Object::toString).toList());
  }
}
