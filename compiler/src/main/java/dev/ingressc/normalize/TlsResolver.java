package dev.ingressc.normalize;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.ir.TlsCertificate;
import dev.ingressc.load.InputObjects;
import dev.ingressc.load.Located;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Checks TLS Secrets: present, of a TLS type, PEM that parses, strong enough for OpenSSL's default
 * security level ({@link CertificateStrength}), key matching certificate, and expiry. Each Secret
 * is checked once; problems are reported against the Ingress that named it.
 */
final class TlsResolver implements TlsChoices.Secrets {
  static final Duration EXPIRY_WARNING = Duration.ofDays(14);

  private final InputObjects in;
  private final Diagnostics diagnostics;
  private final Instant now;
  /** Each Secret's check, done once: the checked Secret, or the problem that made it unusable. */
  private final Map<String, Outcome> cache = new HashMap<>();

  private final Checks kept;

  private record Outcome(Optional<CheckedSecret> secret, String problem) {}

  /**
   * Checks kept from one pass to the next of a caller that compiles again and again: a check is a
   * function of the Secret object found under its name (or of its absence), so while the same
   * instance is found, the kept check is the one a new check would give. Parsing certificates and
   * matching keys is the costly part of TLS.
   */
  static final class Checks {
    private record Kept(Located<Secret> seen, Outcome outcome) {}

    private Map<String, Kept> last = new HashMap<>();
    private Map<String, Kept> current = new HashMap<>();

    /** Forgets the checks of Secrets this pass did not ask for. */
    void endPass() {
      last = current;
      current = new HashMap<>();
    }
  }

  TlsResolver(InputObjects in, Diagnostics diagnostics, Instant now) {
    this(in, diagnostics, now, new Checks());
  }

  TlsResolver(InputObjects in, Diagnostics diagnostics, Instant now, Checks kept) {
    this.in = in;
    this.diagnostics = diagnostics;
    this.now = now;
    this.kept = kept;
  }

  /**
   * The checked Secret {@code namespace/name}, or empty with an error reported through
   * {@code error}. Expiry warnings are reported too. The Secret is checked once, but every caller
   * gets the report, so every Ingress naming a bad Secret learns why its hosts are HTTP only.
   */
  @Override
  public Optional<CheckedSecret> secret(String namespace, String name, Function<String, Diagnostic> error,
      Function<String, Diagnostic> warning) {
    String id = namespace + "/" + name;
    Outcome outcome = cache.computeIfAbsent(id, k -> {
      Located<Secret> found = in.secret(namespace, name);
      Checks.Kept last = kept.last.get(id);
      Outcome o = last != null && last.seen() == found ? last.outcome() : check(namespace, name);
      kept.current.put(id, new Checks.Kept(found, o));
      return o;
    });
    if (outcome.secret().isEmpty()) {
      diagnostics.add(error.apply("Secret " + id + ": " + outcome.problem()));
      return Optional.empty();
    }
    CheckedSecret s = outcome.secret().get();
    if (s.notAfter().isBefore(now)) {
      diagnostics.add(warning.apply("the certificate in Secret " + id + " expired on " + s.notAfter()));
    } else if (s.notAfter().isBefore(now.plus(EXPIRY_WARNING))) {
      diagnostics.add(warning.apply("the certificate in Secret " + id + " expires on " + s.notAfter()
          + ", within " + EXPIRY_WARNING.toDays() + " days"));
    }
    return outcome.secret();
  }

  private Outcome check(String namespace, String name) {
    try {
      return new Outcome(Optional.of(checkOrThrow(namespace, name)), "");
    } catch (IllegalArgumentException e) {
      return new Outcome(Optional.empty(), e.getMessage());
    }
  }

  private CheckedSecret checkOrThrow(String namespace, String name) {
    Located<Secret> located = in.secret(namespace, name);
    if (located == null) {
      throw new IllegalArgumentException("does not exist in namespace " + namespace);
    }
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
