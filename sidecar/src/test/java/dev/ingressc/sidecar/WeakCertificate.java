package dev.ingressc.sidecar;

import dev.ingressc.testkit.http.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A 1024-bit RSA certificate: the compiler accepts it (it parses and matches its key) but OpenSSL
 * at the default security level refuses it ("ee key too small"), so {@code nginx -t} and
 * {@code haproxy -c} fail. That is a real update a user can make that only the proxy check catches.
 */
final class WeakCertificate {
  private WeakCertificate() {}

  static TestCertificates.Pem forHost(String host) throws Exception {
    Path dir = Files.createTempDirectory("ingressc-weak");
    try {
      Process p = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "rsa:1024", "-nodes",
          "-keyout", dir.resolve("k.pem").toString(), "-out", dir.resolve("c.pem").toString(), "-days", "30",
          "-subj", "/CN=" + host, "-addext", "subjectAltName=DNS:" + host)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("openssl failed: " + out);
      }
      return new TestCertificates.Pem(Files.readString(dir.resolve("c.pem")), Files.readString(dir.resolve("k.pem")));
    } finally {
      for (String f : List.of("k.pem", "c.pem")) {
        Files.deleteIfExists(dir.resolve(f));
      }
      Files.deleteIfExists(dir);
    }
  }
}
