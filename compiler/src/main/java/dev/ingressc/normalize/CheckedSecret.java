package dev.ingressc.normalize;

import dev.ingressc.ir.TlsCertificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A TLS Secret whose certificate and key parsed and match.
 *
 * @param id {@code namespace/name}
 * @param names the DNS SANs, or the CN when there is none, lower-cased
 */
record CheckedSecret(String id, String certificatePem, TlsCertificate.PrivateKeyPem key, X509Certificate leaf,
    List<String> names) {

  Instant notAfter() {
    return leaf.getNotAfter().toInstant();
  }

  /** RFC 6125: a wildcard name covers exactly one whole left-most label; a wildcard host needs that very wildcard. */
  boolean covers(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String name : names) {
      if (name.equals(h)) {
        return true;
      }
      if (name.startsWith("*.") && !h.startsWith("*.")) {
        int dot = h.indexOf('.');
        if (dot > 0 && h.substring(dot).equals(name.substring(1))) {
          return true;
        }
      }
    }
    return false;
  }
}
