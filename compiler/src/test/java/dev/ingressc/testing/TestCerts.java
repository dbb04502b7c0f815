package dev.ingressc.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates and keys in PEM for tests, made with the JDK's own {@code keytool} (no
 * extra dependency, no network): {@code keytool -genkeypair} writes a PKCS#12 file, which is read
 * back with {@link KeyStore} and written out as PEM.
 *
 * <p>Every key is given in three PEM forms: PKCS#8 ({@code PRIVATE KEY}), and the legacy form of its
 * algorithm, PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}), both made by taking
 * the key out of its PKCS#8 wrapper. Results are cached per specification, so asking twice for the
 * same certificate costs one {@code keytool} run. Shared with other modules through the test-jar.
 *
 * <pre>{@code
 * TestCerts.Cert c = TestCerts.cert().san("foo.example.com", "*.bar.example.com").generate();
 * String crt = c.certificatePem(), key = c.pkcs8KeyPem();
 * }</pre>
 */
public final class TestCerts {
  private static final Map<Spec, Cert> CACHE = new ConcurrentHashMap<>();
  private static final DateTimeFormatter KEYTOOL_DATE =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final char[] PASSWORD = "changeit".toCharArray();

  private TestCerts() {}

  /** The key algorithm. */
  public enum KeyType {
    RSA,
    EC
  }

  /**
   * A generated certificate and its key.
   *
   * @param certificatePem the certificate, PEM {@code CERTIFICATE}
   * @param pkcs8KeyPem the key, PEM {@code PRIVATE KEY} (PKCS#8)
   * @param legacyKeyPem the key, PEM {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC1)
   * @param certificate the parsed certificate
   * @param keyType the key algorithm
   */
  public record Cert(String certificatePem, String pkcs8KeyPem, String legacyKeyPem, X509Certificate certificate,
      KeyType keyType) {

    public Instant notAfter() {
      return certificate.getNotAfter().toInstant();
    }

    public Instant notBefore() {
      return certificate.getNotBefore().toInstant();
    }

    /** The base64 body of the PKCS#8 key, without PEM armour: what must never leak. */
    public String pkcs8KeyBody() {
      return pemBody(pkcs8KeyPem);
    }

    /** The base64 body of the legacy (PKCS#1 / SEC1) key. */
    public String legacyKeyBody() {
      return pemBody(legacyKeyPem);
    }

    @Override
    public String toString() {
      return "Cert[" + certificate.getSubjectX500Principal() + ", notAfter=" + notAfter() + "]";
    }
  }

  /** What to generate. */
  private record Spec(String cn, List<String> sans, KeyType keyType, Instant start, int validityDays, String tag,
      int keySize, String sigAlg) {}

  /** Starts a certificate: CN {@code test}, no SAN, RSA, valid from a day ago for 365 days. */
  public static Builder cert() {
    return new Builder();
  }

  /** A fresh-valid RSA certificate whose SANs are {@code dnsNames} (the CN is the first name). */
  public static Cert selfSigned(String... dnsNames) {
    return cert().cn(dnsNames[0]).san(dnsNames).generate();
  }

  /** Builds a {@link Spec}. */
  public static final class Builder {
    private String cn = "test";
    private List<String> sans = List.of();
    private KeyType keyType = KeyType.RSA;
    private Instant start = null;
    private int validityDays = 365;
    private String tag = "";
    private int keySize = 0;
    private String sigAlg = "";

    /** The key size in bits; default 2048 for RSA, 256 for EC. */
    public Builder keySize(int bits) {
      this.keySize = bits;
      return this;
    }

    /** The signature algorithm, as keytool names it (e.g. {@code SHA1withRSA}); default keytool's. */
    public Builder sigAlg(String alg) {
      this.sigAlg = alg;
      return this;
    }

    public Builder cn(String cn) {
      this.cn = cn;
      return this;
    }

    /** DNS subject alternative names; none means the certificate has no SAN extension at all. */
    public Builder san(String... dnsNames) {
      this.sans = List.of(dnsNames);
      return this;
    }

    public Builder keyType(KeyType t) {
      this.keyType = t;
      return this;
    }

    /** The notBefore time (second precision); default: one day before now. */
    public Builder notBefore(Instant start) {
      this.start = start;
      return this;
    }

    public Builder validityDays(int days) {
      this.validityDays = days;
      return this;
    }

    /** Distinguishes otherwise equal specifications, to get a second, different key pair. */
    public Builder variant(String tag) {
      this.tag = tag;
      return this;
    }

    public Cert generate() {
      Instant s = start != null ? start : Instant.now().minusSeconds(86_400).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
      return CACHE.computeIfAbsent(new Spec(cn, sans, keyType, s, validityDays, tag, keySize, sigAlg), TestCerts::generate);
    }
  }

  private static Cert generate(Spec spec) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("testcerts");
      Path store = dir.resolve("cert.p12");
      List<String> cmd = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
          "-genkeypair", "-noprompt",
          "-alias", "k",
          "-keyalg", spec.keyType().name(),
          "-keysize", spec.keySize() > 0 ? Integer.toString(spec.keySize()) : spec.keyType() == KeyType.RSA ? "2048" : "256",
          "-dname", "CN=" + spec.cn(),
          "-startdate", KEYTOOL_DATE.format(spec.start()),
          "-validity", Integer.toString(spec.validityDays()),
          "-storetype", "PKCS12",
          "-keystore", store.toString(),
          "-storepass", new String(PASSWORD),
          "-keypass", new String(PASSWORD)));
      if (!spec.sigAlg().isEmpty()) {
        cmd.add("-sigalg");
        cmd.add(spec.sigAlg());
      }
      if (!spec.sans().isEmpty()) {
        cmd.add("-ext");
        cmd.add("SAN=" + String.join(",", spec.sans().stream().map(n -> "dns:" + n).toList()));
      }
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String output;
      try (InputStream out = p.getInputStream()) {
        output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed for " + spec + ": " + output);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, PASSWORD);
      }
      PrivateKey key = (PrivateKey) ks.getKey("k", PASSWORD);
      X509Certificate cert = (X509Certificate) ks.getCertificate("k");
      byte[] pkcs8 = key.getEncoded();
      String legacy = spec.keyType() == KeyType.RSA
          ? pem("RSA PRIVATE KEY", pkcs1(pkcs8))
          : pem("EC PRIVATE KEY", sec1(pkcs8));
      return new Cert(pem("CERTIFICATE", cert.getEncoded()), pem("PRIVATE KEY", pkcs8), legacy, cert, spec.keyType());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot generate " + spec, e);
    } finally {
      if (dir != null) {
        try (var s = Files.walk(dir)) {
          s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
          // a temp dir left behind is harmless
        }
      }
    }
  }

  /** PEM with 64-column base64 lines. */
  public static String pem(String type, byte[] der) {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
  }

  static String pemBody(String pem) {
    return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
  }

  // PKCS#8: SEQUENCE { INTEGER version, SEQUENCE algorithm, OCTET STRING privateKey, ... }

  /** PKCS#1 RSAPrivateKey: the content of the PKCS#8 privateKey OCTET STRING. */
  static byte[] pkcs1(byte[] pkcs8) {
    List<Der> top = Der.children(pkcs8, Der.read(pkcs8, 0));
    Der octets = top.get(2);
    if (octets.tag() != 0x04) {
      throw new IllegalArgumentException("not PKCS#8");
    }
    return Arrays.copyOfRange(pkcs8, octets.contentStart(), octets.end());
  }

  /**
   * SEC1 ECPrivateKey with its curve: the PKCS#8 privateKey content, with the curve OID from the
   * PKCS#8 AlgorithmIdentifier put in as {@code [0] parameters} when the JDK left it out (RFC 5915
   * says it must be there, and OpenSSL always writes it).
   */
  static byte[] sec1(byte[] pkcs8) {
    List<Der> top = Der.children(pkcs8, Der.read(pkcs8, 0));
    List<Der> algorithm = Der.children(pkcs8, top.get(1));
    byte[] curveOid = Arrays.copyOfRange(pkcs8, algorithm.get(1).start(), algorithm.get(1).end());
    byte[] ecKey = Arrays.copyOfRange(pkcs8, top.get(2).contentStart(), top.get(2).end());
    List<Der> fields = Der.children(ecKey, Der.read(ecKey, 0));
    if (fields.stream().anyMatch(f -> f.tag() == 0xa0)) {
      return ecKey;
    }
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    // version, privateKey, then [0] parameters, then the rest ([1] publicKey)
    content.writeBytes(Arrays.copyOfRange(ecKey, fields.get(0).start(), fields.get(1).end()));
    content.writeBytes(Der.tlv(0xa0, curveOid));
    for (int i = 2; i < fields.size(); i++) {
      content.writeBytes(Arrays.copyOfRange(ecKey, fields.get(i).start(), fields.get(i).end()));
    }
    return Der.tlv(0x30, content.toByteArray());
  }

  /** A DER element: tag, where it starts, where its content starts and its content length. */
  private record Der(int tag, int start, int contentStart, int length) {
    int end() {
      return contentStart + length;
    }

    static Der read(byte[] b, int pos) {
      int tag = b[pos] & 0xff;
      int len = b[pos + 1] & 0xff;
      int content = pos + 2;
      if (len >= 0x80) {
        int n = len - 0x80;
        len = 0;
        for (int i = 0; i < n; i++) {
          len = (len << 8) | (b[content + i] & 0xff);
        }
        content += n;
      }
      return new Der(tag, pos, content, len);
    }

    static List<Der> children(byte[] b, Der parent) {
      List<Der> out = new ArrayList<>();
      for (int pos = parent.contentStart(); pos < parent.end(); ) {
        Der d = read(b, pos);
        out.add(d);
        pos = d.end();
      }
      return out;
    }

    static byte[] tlv(int tag, byte[] content) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(tag);
      int len = content.length;
      if (len < 0x80) {
        out.write(len);
      } else if (len < 0x100) {
        out.write(0x81);
        out.write(len);
      } else {
        out.write(0x82);
        out.write(len >> 8);
        out.write(len & 0xff);
      }
      out.writeBytes(content);
      return out.toByteArray();
    }
  }

  /** Base64 of {@code text}, as in a Secret's {@code data}. */
  public static String base64(String text) {
    return Base64.getEncoder().encodeToString(Objects.requireNonNull(text).getBytes(StandardCharsets.UTF_8));
  }
}
