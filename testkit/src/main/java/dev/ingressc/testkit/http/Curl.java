package dev.ingressc.testkit.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The curl binary (with nghttp2) as an HTTP/2-capable client: the JDK's client cannot send a Host
 * and SNI other than the address it connects to. Only for what the socket probes cannot speak.
 */
public final class Curl {
  private Curl() {}

  /**
   * @param exit curl's exit code (0: an answer came)
   * @param status the HTTP status, 0 without an answer
   * @param version the HTTP version of the answer as curl reports it: {@code 1.1}, {@code 2}
   * @param body the response body
   * @param stderr curl's messages, for failure reports
   */
  public record Answer(int exit, int status, String version, String body, String stderr) {}

  /**
   * A GET of {@code scheme://host:port/target}, connecting to {@code address}, with curl's
   * protocol option (e.g. {@code --http2}, {@code --http1.1}, {@code --http2-prior-knowledge}).
   * Over https the certificate must be {@code certificatePem} and name the host.
   */
  public static Answer get(String protocolOption, String scheme, String address, int port, String host, String target,
      String certificatePem) {
    try {
      Path dir = Files.createTempDirectory("ingressc-curl");
      try {
        Path body = dir.resolve("body");
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", protocolOption,
            "--resolve", host + ":" + port + ":" + address, "-o", body.toString(),
            "-w", "%{http_code} %{http_version}"));
        if (certificatePem != null) {
          Path ca = dir.resolve("ca.pem");
          Files.writeString(ca, certificatePem, StandardCharsets.US_ASCII);
          cmd.addAll(List.of("--cacert", ca.toString()));
        }
        cmd.add(scheme + "://" + host + ":" + port + target);
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException("curl did not finish: " + cmd);
        }
        String[] w = out.split(" ", 2);
        String text = Files.exists(body) ? Files.readString(body, StandardCharsets.UTF_8) : "";
        return new Answer(p.exitValue(), Integer.parseInt(w[0]), w.length > 1 ? w[1] : "", text, err);
      } finally {
        try (var files = Files.list(dir)) {
          for (Path f : files.toList()) {
            Files.deleteIfExists(f);
          }
        }
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
