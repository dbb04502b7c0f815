package dev.ingressc.validate;

/**
 * The load-time limits of every target proxy that a valid Kubernetes value can exceed; the
 * compiler checks values against them before any emitter runs, so that what compiles also loads.
 * Each was measured with the real proxies (nginx 1.22, HAProxy 2.6) or read from Envoy's
 * protoc-gen-validate rules. Certificate limits are in the normalizer's CertificateStrength.
 */
public final class ProxyLimits {
  /**
   * The longest timeout: HAProxy refuses a timer above 2^31-1 ms ({@code timer overflow}); nginx
   * and Envoy accept it.
   */
  public static final long MAX_TIMEOUT_MS = Integer.MAX_VALUE;

  /**
   * The largest request-body limit: Envoy's {@code max_request_bytes} is a UInt32 (and {@code gt: 0}
   * rules out 0, which means no limit here and turns the buffer off); nginx and HAProxy hold 64 bits.
   */
  public static final long MAX_BODY_BYTES = 0xFFFF_FFFFL;

  /**
   * The longest rule path. nginx refuses a token of 4096 bytes or more ({@code too long parameter});
   * a path is one token, and a quarter of that is left for what a target writes next to it in the
   * same token (quotes, a host).
   */
  public static final int MAX_PATH_LENGTH = 3072;

  private ProxyLimits() {}
}
