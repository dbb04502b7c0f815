package dev.ingressc.ir;

/**
 * A host whose TLS stream is passed through, chosen by SNI, to a backend that terminates TLS
 * itself (ingress-nginx's {@code ssl-passthrough}): no certificate is served for it and no HTTP
 * routing applies to its TLS connections. Plain HTTP to the host is still routed by its routes.
 *
 * @param backend the backend of the host's {@code /} route, whose upstream carries the stream
 * @param annotation the Ingress (and annotation field) that asked for it
 */
public record Passthrough(Backend backend, Origin annotation) {}
