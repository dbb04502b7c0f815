package dev.ingressc.ir;

import java.time.Instant;
import java.util.List;

/**
 * A certificate and key from a TLS Secret, checked to parse and to match.
 *
 * @param id the Secret as {@code namespace/name}
 * @param certificatePem the certificate chain, PEM
 * @param key the private key, PEM; never printed
 * @param hosts the TLS hosts this certificate serves, sorted
 * @param notAfter when the leaf certificate expires
 */
public record TlsCertificate(
    String id, String certificatePem, PrivateKeyPem key, List<String> hosts, Instant notAfter) {

  public TlsCertificate {
    hosts = List.copyOf(hosts);
  }

  /** A private key in PEM form. Its {@code toString} never shows the key. */
  public record PrivateKeyPem(String pem) {
    @Override
    public String toString() {
      return "PrivateKeyPem[redacted]";
    }
  }
}
