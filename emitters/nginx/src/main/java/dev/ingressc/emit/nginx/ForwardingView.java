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
 */
public record ForwardingView(int httpPort, int httpsPort, boolean upstreamHosts, EscapingOutputFormat.Markup proxyModule,
    EscapingOutputFormat.Markup grpcModule) {

  public ForwardingView(int httpPort, int httpsPort, boolean upstreamHosts) {
    this(httpPort, httpsPort, upstreamHosts, Keyword.PROXY_MODULE.markup(), Keyword.GRPC_MODULE.markup());
  }

  static ForwardingView of(IngressIR ir, EmitOptions options) {
    boolean any = ir.virtualHosts().stream().flatMap(v -> v.routes().stream())
        .anyMatch(r -> r.upstreamHost().isPresent());
    return new ForwardingView(options.httpPort(), options.httpsPort(), any);
  }
}
