package dev.ingressc.testkit.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates the JDK's keytool cannot make (small EC curves, CA-signed chains with weak digests),
 * made with the {@code openssl} command line: the weak certificates that OpenSSL's default
 * security level makes nginx and HAProxy refuse.
 */
public final class OpensslCertificates {
  private OpensslCertificates() {}

  /** The weak kinds {@link #weak} makes, each refused by nginx and HAProxy when loaded. */
  public enum Weakness {
    RSA_1024_SELF_SIGNED, SHA1_SELF_SIGNED, MD5_SELF_SIGNED, SHA1_CA_SIGNED, EC_P192, WEAK_INTERMEDIATE
  }

  /** A certificate (with its chain, leaf first) for {@code host}, weak as {@code w} says. */
  public static TestCertificates.Pem weak(String host, Weakness w) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("ingressc-openssl");
      String key = switch (w) {
        case RSA_1024_SELF_SIGNED -> rsa(dir, "leaf", 1024);
        case EC_P192 -> run(dir, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime192v1",
            "-out", "leaf.key") ? "leaf.key" : null;
        default -> rsa(dir, "leaf", 2048);
      };
      String subject = "/CN=" + host;
      String ext = "subjectAltName=DNS:" + host;
      switch (w) {
        case RSA_1024_SELF_SIGNED, EC_P192 -> selfSigned(dir, key, subject, ext, "sha256");
        case SHA1_SELF_SIGNED -> selfSigned(dir, key, subject, ext, "sha1");
        case MD5_SELF_SIGNED -> selfSigned(dir, key, subject, ext, "md5");
        case SHA1_CA_SIGNED -> {
          rsa(dir, "ca", 2048);
          run(dir, "openssl", "req", "-x509", "-new", "-key", "ca.key", "-sha256", "-days", "3650", "-subj", "/CN=test ca",
              "-out", "ca.crt");
          signed(dir, key, subject, ext, "ca", "sha1");
        }
        case WEAK_INTERMEDIATE -> {
          rsa(dir, "ca", 2048);
          run(dir, "openssl", "req", "-x509", "-new", "-key", "ca.key", "-sha256", "-days", "3650", "-subj", "/CN=test ca",
              "-out", "ca.crt");
          rsa(dir, "im", 1024);
          run(dir, "openssl", "req", "-new", "-key", "im.key", "-subj", "/CN=test intermediate", "-out", "im.csr");
          Files.writeString(dir.resolve("im.ext"), "basicConstraints=CA:TRUE\n");
          run(dir, "openssl", "x509", "-req", "-in", "im.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
              "-sha256", "-days", "3650", "-extfile", "im.ext", "-out", "im.crt");
          signed(dir, key, subject, ext, "im", "sha256");
          Files.writeString(dir.resolve("leaf.crt"), Files.readString(dir.resolve("leaf.crt")) + Files.readString(dir.resolve("im.crt")));
        }
        default -> throw new IllegalArgumentException(w.toString());
      }
      return new TestCertificates.Pem(Files.readString(dir.resolve("leaf.crt")), Files.readString(dir.resolve(key)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot make a weak test certificate", e);
    } finally {
      if (dir != null) {
        try (var s = Files.walk(dir)) {
          s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
          // a temp dir left behind is harmless
        }
      }
    }
  }

  private static String rsa(Path dir, String name, int bits) {
    run(dir, "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:" + bits, "-out", name + ".key");
    return name + ".key";
  }

  private static void selfSigned(Path dir, String key, String subject, String ext, String md) {
    run(dir, "openssl", "req", "-x509", "-new", "-key", key, "-" + md, "-days", "3650", "-subj", subject,
        "-addext", ext, "-out", "leaf.crt");
  }

  private static void signed(Path dir, String key, String subject, String ext, String ca, String md) throws IOException {
    run(dir, "openssl", "req", "-new", "-key", key, "-subj", subject, "-out", "leaf.csr");
    Files.writeString(dir.resolve("leaf.ext"), ext + "\n");
    run(dir, "openssl", "x509", "-req", "-in", "leaf.csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
        "-" + md, "-days", "3650", "-extfile", "leaf.ext", "-out", "leaf.crt");
  }

  private static boolean run(Path dir, String... cmd) {
    try {
      Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
      }
      return true;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
