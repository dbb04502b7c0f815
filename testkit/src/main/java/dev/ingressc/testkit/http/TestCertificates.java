package dev.ingressc.testkit.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Self-signed certificates made at test time with the JDK's keytool: PKCS12, then PEM. */
public final class TestCertificates {
  private static final char[] PASSWORD = "testkit".toCharArray();

  private TestCertificates() {}

  /** A certificate and its PKCS#8 key, PEM. */
  public record Pem(String certificate, String key) {}

  /** A certificate for {@code names} (DNS SANs; the first is also the CN). */
  public static Pem selfSigned(List<String> names) {
    try {
      Path dir = Files.createTempDirectory("ingressc-cert");
      Path store = dir.resolve("cert.p12");
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
          "-genkeypair", "-alias", "c", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
          "-dname", "CN=" + names.get(0), "-ext", "SAN=" + String.join(",", names.stream().map(n -> "dns:" + n).toList()),
          "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD),
          "-keypass", new String(PASSWORD)));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + out);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, PASSWORD);
      }
      Certificate cert = ks.getCertificate("c");
      PrivateKey key = (PrivateKey) ks.getKey("c", PASSWORD);
      Files.delete(store);
      Files.delete(dir);
      return new Pem(pem("CERTIFICATE", cert.getEncoded()), pem("PRIVATE KEY", key.getEncoded()));
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A TLS server context that serves {@code pem} (an EC key, as {@link #selfSigned} makes). */
  public static javax.net.ssl.SSLContext serverContext(Pem pem) {
    try {
      Certificate cert = java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(new java.io.ByteArrayInputStream(pem.certificate().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      String body = pem.key().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      PrivateKey key = java.security.KeyFactory.getInstance("EC")
          .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("c", key, PASSWORD, new Certificate[] {cert});
      javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
          javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASSWORD);
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot serve the test certificate", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
