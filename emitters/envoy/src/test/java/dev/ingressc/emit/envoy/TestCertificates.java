package dev.ingressc.emit.envoy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Self-signed certificates made with the JDK's keytool (no network, no extra dependency), cached per SAN list. */
final class TestCertificates {
  private static final Map<List<String>, Pem> CACHE = new ConcurrentHashMap<>();
  private static final String PASSWORD = "changeit";

  /** A certificate and its PKCS#8 key, both PEM. */
  record Pem(String certificate, String key) {
    @Override
    public String toString() {
      return "Pem[key redacted]";
    }
  }

  private TestCertificates() {}

  static Pem forHosts(String... dnsNames) {
    return CACHE.computeIfAbsent(List.of(dnsNames), TestCertificates::generate);
  }

  private static Pem generate(List<String> names) {
    try {
      Path dir = Files.createTempDirectory("envoy-test-cert");
      Path store = dir.resolve("k.p12");
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
          "-genkeypair", "-noprompt", "-alias", "k", "-keyalg", "EC", "-keysize", "256",
          "-dname", "CN=" + names.get(0).replace("*", "wildcard"), "-validity", "365", "-storetype", "PKCS12",
          "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD,
          "-ext", "SAN=" + String.join(",", names.stream().map(n -> "dns:" + n).toList())));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, PASSWORD.toCharArray());
      }
      PrivateKey key = (PrivateKey) ks.getKey("k", PASSWORD.toCharArray());
      X509Certificate cert = (X509Certificate) ks.getCertificate("k");
      Files.delete(store);
      Files.delete(dir);
      return new Pem(pem("CERTIFICATE", cert.getEncoded()), pem("PRIVATE KEY", key.getEncoded()));
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a certificate for " + names, e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
