package dev.ingressc.normalize;

import dev.ingressc.ir.TlsCertificate;
import dev.ingressc.load.Located;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The step {@code check} for a TLS Secret: of a TLS type, PEM that parses, strong enough for
 * OpenSSL's default security level ({@link CertificateStrength}), key matching certificate. A
 * function of the Secret alone, made once per Secret instance ({@link CheckedObjects}); parsing
 * certificates and matching keys is the costly part of TLS. {@link TlsResolver} reports the outcome
 * (and expiry, which depends on the clock) against each Ingress naming the Secret.
 */
final class SecretCheck {
  private SecretCheck() {}

  /** A checked Secret, or the problem that made it unusable. */
  record Outcome(Optional<CheckedSecret> secret, String problem) {}

  static Outcome check(Located<Secret> located) {
    try {
      return new Outcome(Optional.of(checkOrThrow(located)), "");
    } catch (IllegalArgumentException e) {
      return new Outcome(Optional.empty(), e.getMessage());
    }
  }

  /** The outcome for a Secret that is not in the input. */
  static Outcome missing(String namespace) {
    return new Outcome(Optional.empty(), "does not exist in namespace " + namespace);
  }

  private static CheckedSecret checkOrThrow(Located<Secret> located) {
    String namespace = located.key().namespace();
    String name = located.key().name();
    Secret secret = located.value();
    String type = secret.getType() == null || secret.getType().isEmpty() ? "Opaque" : secret.getType();
    String crt = value(secret, "tls.crt");
    String key = value(secret, "tls.key");
    if (!type.equals("kubernetes.io/tls") && !(type.equals("Opaque") && crt != null && key != null)) {
      throw new IllegalArgumentException("has type " + type + "; it must be kubernetes.io/tls, or Opaque with tls.crt and tls.key");
    }
    if (crt == null || crt.isBlank()) {
      throw new IllegalArgumentException("has no tls.crt");
    }
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("has no tls.key");
    }
    List<X509Certificate> chain = certificates(crt);
    X509Certificate leaf = chain.get(0);
    CertificateStrength.problem(chain).ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
    PrivateKey privateKey;
    try {
      privateKey = PemKeys.parse(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tls.key is not a usable PEM private key: " + e.getMessage());
    }
    if (!PemKeys.matches(privateKey, leaf.getPublicKey())) {
      throw new IllegalArgumentException("tls.key does not match the certificate in tls.crt");
    }
    return new CheckedSecret(namespace + "/" + name, crt, new TlsCertificate.PrivateKeyPem(key), leaf, names(leaf));
  }

  private static String value(Secret s, String key) {
    if (s.getStringData() != null && s.getStringData().get(key) != null) {
      return s.getStringData().get(key);
    }
    if (s.getData() != null && s.getData().get(key) != null) {
      try {
        return new String(Base64.getMimeDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(key + " is not valid base64");
      }
    }
    return null;
  }

  private static List<X509Certificate> certificates(String pem) {
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException("tls.crt holds no PEM certificate");
    }
    try {
      Collection<? extends java.security.cert.Certificate> certs = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      List<X509Certificate> out = new ArrayList<>();
      for (java.security.cert.Certificate c : certs) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("tls.crt holds no PEM certificate");
      }
      return out;
    } catch (java.security.cert.CertificateException e) {
      // The JDK's message names its exception classes ("java.io.IOException: ..."): say it in words.
      String why = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("base64")
          ? "a certificate block is not valid base64" : "a certificate block is not a valid X.509 certificate";
      throw new IllegalArgumentException("tls.crt does not parse as a PEM certificate: " + why);
    }
  }

  /** DNS SANs; the subject CN only when there is no DNS SAN (RFC 6125 section 6.4.4). */
  private static List<String> names(X509Certificate leaf) {
    TreeSet<String> names = new TreeSet<>();
    try {
      if (leaf.getSubjectAlternativeNames() != null) {
        for (List<?> san : leaf.getSubjectAlternativeNames()) {
          if (Integer.valueOf(2).equals(san.get(0))) {
            names.add(san.get(1).toString().toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("tls.crt has unreadable subject alternative names");
    }
    if (names.isEmpty()) {
      try {
        for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
          if (rdn.getType().equalsIgnoreCase("CN")) {
            names.add(rdn.getValue().toString().toLowerCase(Locale.ROOT));
          }
        }
      } catch (javax.naming.InvalidNameException e) {
        throw new IllegalArgumentException("tls.crt has an unreadable subject");
      }
    }
    return List.copyOf(names);
  }
}
