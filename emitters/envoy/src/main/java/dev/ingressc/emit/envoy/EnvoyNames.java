package dev.ingressc.emit.envoy;

/**
 * Envoy resource names derived from IR names. Every derived name goes through {@link #escape}, which
 * is injective (distinct IR names never share an Envoy name) and keeps only characters that are
 * inert in Envoy stat names and file names.
 */
public final class EnvoyNames {
  /** The plain-HTTP listener and its route table. */
  public static final String HTTP = "http";
  /** The HTTPS listener and the route table every TLS filter chain shares. */
  public static final String HTTPS = "https";

  private EnvoyNames() {}

  /** The cluster that carries {@link dev.ingressc.ir.Upstream#name()}. */
  public static String cluster(String upstreamName) {
    return "upstream_" + escape(upstreamName);
  }

  /** The SDS secret holding certificate {@link dev.ingressc.ir.TlsCertificate#id()}. */
  public static String secret(String certificateId) {
    return "cert_" + escape(certificateId);
  }

  /** The file stem of a certificate's PEM files in the output directory. */
  public static String certificateFile(String certificateId) {
    return escape(certificateId);
  }

  /** A virtual host's name: unique within a route table. */
  public static String virtualHost(String host) {
    return host.isEmpty() ? "catch_all" : "host_" + escape(host);
  }

  /** A filter chain's name on the HTTPS listener. */
  public static String filterChain(String sniHost) {
    return "sni_" + escape(sniHost);
  }

  /**
   * Letters, digits, {@code .} and {@code -} stay; every other character, {@code _} included,
   * becomes {@code _} and its code point in hex and {@code _} again, so the mapping can be undone and
   * never merges two names.
   */
  public static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-') {
        out.append(c);
      } else {
        out.append('_').append(Integer.toHexString(c)).append('_');
      }
    }
    return out.toString();
  }
}
