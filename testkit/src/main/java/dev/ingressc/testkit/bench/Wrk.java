package dev.ingressc.testkit.bench;

import dev.ingressc.testkit.proxy.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One wrk run against a {@link BenchProxy}, and the proxy's own CPU time it cost. */
final class Wrk {
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern REQUESTS = Pattern.compile("([0-9]+) requests in");

  private final int seconds;

  Wrk(int seconds) {
    this.seconds = seconds;
  }

  record Run(double requestsPerSecond, double requestsPerProxyCpuSecond) {}

  /** CPU time of the proxy started in {@code ws}: the process its pid file names and its descendants. */
  private static Duration proxyCpu(Workspace ws) throws IOException {
    Path pidFile;
    try (var files = Files.list(ws.runtime())) {
      pidFile = files.filter(f -> f.getFileName().toString().endsWith(".pid")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no pid file in " + ws.runtime()));
    }
    ProcessHandle main = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
        .orElseThrow(() -> new IllegalStateException("no process for " + pidFile));
    Duration total = main.info().totalCpuDuration().orElse(Duration.ZERO);
    for (ProcessHandle h : main.descendants().toList()) {
      total = total.plus(h.info().totalCpuDuration().orElse(Duration.ZERO));
    }
    return total;
  }

  Run run(BenchProxy t) throws Exception {
    return run(t, "/p3/x");
  }

  Run run(BenchProxy t, String target) throws Exception {
    Duration cpuBefore = proxyCpu(t.ws());
    Process p = new ProcessBuilder("wrk", "-t1", "-c32", "-d" + seconds + "s", "-H", "Host: h1.bench.example.com",
        "http://127.0.0.1:" + t.port() + target).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("wrk failed: " + out);
    }
    if (out.contains("Non-2xx")) {
      throw new IllegalStateException(t.name() + " answered non-2xx: " + out);
    }
    Duration cpu = proxyCpu(t.ws()).minus(cpuBefore);
    Matcher m = RPS.matcher(out);
    Matcher n = REQUESTS.matcher(out);
    if (!m.find() || !n.find()) {
      throw new IllegalStateException("no Requests/sec or request count in: " + out);
    }
    return new Run(Double.parseDouble(m.group(1)), Long.parseLong(n.group(1)) / (cpu.toNanos() / 1e9));
  }
}
