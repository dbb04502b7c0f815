package dev.ingressc.emit.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The outcome of a proxy's configuration check ({@code nginx -t}, {@code haproxy -c}). */
public record ProxyCheck(boolean ok, String output, Duration took) {

  /** Runs a check command, bounded to a minute. */
  public static ProxyCheck run(List<String> command) {
    long start = System.nanoTime();
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new ProxyCheck(false, "check did not finish within 60 s", Duration.ofNanos(System.nanoTime() - start));
      }
      return new ProxyCheck(p.exitValue() == 0, out.strip(), Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      return new ProxyCheck(false, "cannot run " + command.get(0) + ": " + e.getMessage(),
          Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ProxyCheck(false, "interrupted", Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
