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
   * The longest rule path (paths are ASCII, so characters are bytes). nginx 1.22 keeps a location
   * name's length in one byte of its location tree: a name of 256 bytes or more matches only its
   * first (length mod 256) bytes, so a Prefix location {@code path/} of 257 bytes matched every
   * request (measured). The Prefix location adds a {@code /}, so the path is at most 254.
   */
  public static final int MAX_PATH_LENGTH = 254;

  private ProxyLimits() {}
}
