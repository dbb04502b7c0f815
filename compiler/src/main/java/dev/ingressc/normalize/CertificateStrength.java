package dev.ingressc.normalize;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What OpenSSL's default security level on Debian 12 (level 2, 112 bits) lets nginx and HAProxy
 * load; a certificate below it makes the proxy refuse the whole config ({@code ee key too small},
 * {@code ca key too small}, {@code ca md too weak}). Measured with nginx 1.22 and HAProxy 2.6 on
 * OpenSSL 3.0: every certificate of the chain needs an RSA or DSA key of 2048 bits or more (OpenSSL
 * lets a few bits less through; the standard size is the rule here) or an EC key of 224 bits or
 * more, and a signature made with a digest stronger than SHA-1. OpenSSL skips the digest of a
 * self-signed certificate; that is kept only for a self-signed CA after the leaf, never for the
 * leaf, so that whether a leaf is accepted does not depend on who signed it.
 */
final class CertificateStrength {
  static final int MIN_RSA_BITS = 2048;
  static final int MIN_EC_BITS = 224;
  private static final List<String> WEAK_DIGESTS = List.of("MD2", "MD4", "MD5", "SHA1", "SHA-1");

  private CertificateStrength() {}

  /** The first reason {@code chain} (leaf first) is too weak to load, if any. */
  static Optional<String> problem(List<X509Certificate> chain) {
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate c = chain.get(i);
      String which = i == 0 ? "the certificate" : "chain certificate " + (i + 1);
      Optional<String> key = keyProblem(c.getPublicKey());
      if (key.isPresent()) {
        return Optional.of("tls.crt: " + which + " has " + key.get());
      }
      String alg = c.getSigAlgName().toUpperCase(Locale.ROOT);
      boolean weak = WEAK_DIGESTS.stream().anyMatch(d -> alg.startsWith(d + "WITH"));
      if (weak && (i == 0 || !selfSigned(c))) {
        return Optional.of("tls.crt: " + which + " is signed with " + c.getSigAlgName()
            + ", a digest OpenSSL's default security level refuses; sign it with SHA-256 or stronger");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> keyProblem(PublicKey key) {
    if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
      return Optional.of(tooSmall("an RSA", rsa.getModulus().bitLength(), MIN_RSA_BITS));
    }
    if (key instanceof DSAPublicKey dsa && dsa.getParams() != null && dsa.getParams().getP().bitLength() < MIN_RSA_BITS) {
      return Optional.of(tooSmall("a DSA", dsa.getParams().getP().bitLength(), MIN_RSA_BITS));
    }
    if (key instanceof ECPublicKey ec && ec.getParams().getOrder().bitLength() < MIN_EC_BITS) {
      return Optional.of(tooSmall("an EC", ec.getParams().getOrder().bitLength(), MIN_EC_BITS));
    }
    if (key instanceof RSAPublicKey || key instanceof ECPublicKey || key instanceof EdECPublicKey
        || key instanceof DSAPublicKey) {
      return Optional.empty();
    }
    return Optional.of("a " + key.getAlgorithm() + " key, which cannot be checked against OpenSSL's security level");
  }

  private static String tooSmall(String kind, int bits, int min) {
    return kind + " key of " + bits + " bits; OpenSSL's default security level needs at least " + min;
  }

  /** Issuer is subject and the certificate's own key verifies it: OpenSSL then skips its digest. */
  private static boolean selfSigned(X509Certificate c) {
    if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
      return false;
    }
    try {
      c.verify(c.getPublicKey());
      return true;
    } catch (java.security.GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
