package dev.ingressc.ir;

/**
 * How the proxy speaks to an upstream's servers, from ingress-nginx's
 * {@code nginx.ingress.kubernetes.io/backend-protocol} annotation.
 */
public enum BackendProtocol {
  /** HTTP/1.1 in plaintext (the default). */
  HTTP,
  /** HTTP/1.1 over TLS; the server's certificate is not verified. */
  HTTPS,
  /** gRPC: HTTP/2 in plaintext (h2c, prior knowledge). */
  GRPC,
  /** gRPC over TLS (HTTP/2 negotiated by ALPN); the server's certificate is not verified. */
  GRPCS;

  /** Whether the connection to the servers is TLS. */
  public boolean tls() {
    return this == HTTPS || this == GRPCS;
  }

  /** Whether the servers speak HTTP/2 (gRPC). */
  public boolean http2() {
    return this == GRPC || this == GRPCS;
  }
}
