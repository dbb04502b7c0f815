package dev.ingressc.testkit.bench;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.Emitter;
import dev.ingressc.emit.Emitters;
import dev.ingressc.testkit.proxy.CheckResult;
import dev.ingressc.testkit.proxy.LocalProxyLauncher;
import dev.ingressc.testkit.proxy.NginxKind;
import dev.ingressc.testkit.proxy.ProxyKind;
import dev.ingressc.testkit.proxy.ProxyKinds;
import dev.ingressc.testkit.proxy.RunningProxy;
import dev.ingressc.testkit.proxy.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proxy benchmark, the same for every target (bench/proxy-bench.sh runs it): compile time,
 * bytes per route and config-check time for 10,000 hosts x 5 paths; then wrk on loopback through
 * the generated config at 10 and 10,000 routes and through a minimal hand-written config for the
 * same 10 routes ({@code bench/TARGET/hand-written.template}), in one run, against one nginx
 * backend that answers a fixed 200. Every loop is bounded.
 */
public final class ProxyBench {
  private static final int PATHS = 5;
  private static final int SERVICES = 50;
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern REQUESTS = Pattern.compile("([0-9]+) requests in");

  private final Emitter emitter;
  private final LocalProxyLauncher proxy;
  private final LocalProxyLauncher nginx;
  private final StringBuilder report = new StringBuilder();
  private final int wrkSeconds;
  private final int rounds;

  private ProxyBench(Emitter emitter, LocalProxyLauncher proxy, LocalProxyLauncher nginx, int wrkSeconds, int rounds) {
    this.emitter = emitter;
    this.proxy = proxy;
    this.nginx = nginx;
    this.wrkSeconds = wrkSeconds;
    this.rounds = rounds;
  }

  /** The target's {@code --format} ({@code -Dingressc.bench.format}, e.g. {@code lua} for nginx). */
  private static final Optional<String> FORMAT = Optional.ofNullable(System.getProperty("ingressc.bench.format"));

  /** {@code TARGET [HOSTS [WRK_SECONDS [ROUNDS]]]}, or {@code TARGET emit HOSTS DIR} to only write the config. */
  public static void main(String[] args) throws Exception {
    String target = args[0];
    Emitter emitter = Emitters.available().get(target);
    if (emitter == null) {
      throw new IllegalArgumentException("no emitter for " + target + " on the class path");
    }
    if (args.length == 4 && args[1].equals("emit")) {
      Path dir = Path.of(args[3]);
      Compiler.Compilation c = Compiler.compileText("bench.yaml", manifests(Integer.parseInt(args[2]), 8080),
          CompileOptions.defaults());
      emitter.emit(c.ir(), new EmitOptions(8080, 443, dir, dir.resolve("run"), FORMAT)).writeTo(dir);
      return;
    }
    if (args.length >= 2 && args[1].equals("request-targets")) {
      ProxyKind kind = ProxyKinds.byName(target).orElseThrow();
      int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
      int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
      ProxyBench bench = new ProxyBench(emitter, launcher(kind), launcher(new NginxKind()), seconds, rounds);
      bench.requestTargets();
      System.out.print(bench.report);
      return;
    }
    int hosts = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int wrkSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    ProxyKind kind = ProxyKinds.byName(target).orElseThrow();
    ProxyBench bench = new ProxyBench(emitter, launcher(kind), launcher(new NginxKind()), wrkSeconds, rounds);
    bench.run(hosts);
    System.out.print(bench.report);
  }

  private static LocalProxyLauncher launcher(ProxyKind kind) {
    String binary = LocalProxyLauncher.find(kind.binary())
        .orElseThrow(() -> new IllegalStateException(kind.binary() + " not found"));
    return new LocalProxyLauncher(kind, binary);
  }

  private void run(int hosts) throws Exception {
    try (Workspace backendWs = Workspace.create("bench-backend")) {
      int backendPort = Workspace.freePort();
      Files.writeString(backendWs.output().resolve("nginx.conf"), backendConfig(backendWs.runtime(), backendPort));
      try (RunningProxy backend = nginx.start(backendWs.output(), backendWs.runtime(), List.of(backendPort))) {
        line("## %s: %d hosts x %d paths = %d routes", emitter.target(), hosts, PATHS, hosts * PATHS);
        line("");
        sizeAndCheck(hosts, backendPort);
        line("");
        throughput(hosts, backendPort);
      }
    }
  }

  /** Compile time, config size and nginx -t for the big config. */
  private void sizeAndCheck(int hosts, int backendPort) throws IOException {
    String yaml = manifests(hosts, backendPort);
    long t0 = System.nanoTime();
    Compiler.Compilation c = Compiler.compileText("bench.yaml", yaml, CompileOptions.defaults());
    long t1 = System.nanoTime();
    try (Workspace ws = Workspace.create("bench-big")) {
      EmittedFiles files = emitter.emit(c.ir(), new EmitOptions(Workspace.freePort(), 443, ws.output(),
          ws.runtime(), FORMAT));
      long t2 = System.nanoTime();
      files.writeTo(ws.output());
      long bytes = files.files().stream().mapToLong(f -> f.content().length).sum();
      line("| measure | value |");
      line("| --- | --- |");
      line("| input YAML | %.1f MB, %d Ingresses |", yaml.length() / 1e6, hosts);
      line("| compile (load, validate, normalize) | %d ms |", (t1 - t0) / 1_000_000);
      line("| emit | %d ms |", (t2 - t1) / 1_000_000);
      line("| output (%d files) | %.1f MB, %d bytes per route |", files.files().size(), bytes / 1e6,
          bytes / ((long) hosts * PATHS));
      List<Long> checks = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        CheckResult r = proxy.check(ws.output(), ws.runtime());
        if (!r.ok()) {
          throw new IllegalStateException("config check: " + r.output());
        }
        checks.add(r.took().toMillis());
      }
      checks.sort(null);
      line("| `%s` (median of 3) | %d ms (runs: %s) |", String.join(" ", proxy.kind().checkCommand(
          proxy.kind().binary(), Path.of("DIR"), Path.of("RUN"))), checks.get(1), checks);
    }
  }

  /** wrk through the 10-route and big generated configs and the hand-written one, interleaved. */
  private void throughput(int hosts, int backendPort) throws Exception {
    int bigHosts = hosts / PATHS >= 2 ? 10_000 / PATHS : 2;
    List<Target> targets = List.of(
        generated("generated, 10 routes", 2, backendPort),
        generated("generated, " + bigHosts * PATHS + " routes", bigHosts, backendPort),
        generated("generated, " + hosts * PATHS + " routes", hosts, backendPort),
        handWritten(backendPort));
    List<List<Double>> results = new ArrayList<>();
    List<List<Double>> perCpuSecond = new ArrayList<>();
    targets.forEach(t -> {
      results.add(new ArrayList<>());
      perCpuSecond.add(new ArrayList<>());
    });
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < targets.size(); i++) {
        Run r = wrk(targets.get(i));
        results.get(i).add(r.requestsPerSecond());
        perCpuSecond.get(i).add(r.requestsPerProxyCpuSecond());
      }
    }
    double hand = median(results.get(3));
    double ten = median(results.get(0));
    line("wrk -t1 -c32 -d%ds on loopback, Host h1.bench.example.com, GET /p3/x; %d interleaved rounds, median req/s:",
        wrkSeconds, rounds);
    line("");
    line("| config | req/s (median) | rounds | vs hand-written | vs generated 10 routes |");
    line("| --- | --- | --- | --- | --- |");
    for (int i = 0; i < targets.size(); i++) {
      double m = median(results.get(i));
      line("| %s | %.0f | %s | %.3f | %.3f |", targets.get(i).name, m, format(results.get(i)), m / hand, m / ten);
    }
    // Throughput on a small shared machine moves with everything else running; the proxy's own CPU
    // time per request does not depend on who else gets the cores.
    double handCpu = median(perCpuSecond.get(3));
    double tenCpu = median(perCpuSecond.get(0));
    line("");
    line("The same runs, requests per CPU-second of the proxy's processes (master and workers), median:");
    line("");
    line("| config | requests per proxy CPU-second (median) | rounds | vs hand-written | vs generated 10 routes |");
    line("| --- | --- | --- | --- | --- |");
    for (int i = 0; i < targets.size(); i++) {
      double m = median(perCpuSecond.get(i));
      line("| %s | %.0f | %s | %.3f | %.3f |", targets.get(i).name, m, format(perCpuSecond.get(i)), m / handCpu,
          m / tenCpu);
    }
    for (Target t : targets) {
      t.close();
    }
  }

  /**
   * The request-target policy's cost (SEMANTICS.md, Request targets): the generated 10-route
   * config as emitted, and the same config with the policy's lines taken out
   * ({@link RequestTargetPolicyLines}), under wrk on a plain path, interleaved; then the policy's
   * slow path (a target with escapes and a run of slashes) on the config as emitted.
   */
  private void requestTargets() throws Exception {
    try (Workspace backendWs = Workspace.create("bench-backend")) {
      int backendPort = Workspace.freePort();
      Files.writeString(backendWs.output().resolve("nginx.conf"), backendConfig(backendWs.runtime(), backendPort));
      try (RunningProxy backend = nginx.start(backendWs.output(), backendWs.runtime(), List.of(backendPort))) {
        Target with = generated("as emitted", 2, backendPort, false);
        Target without = generated("without the policy's lines", 2, backendPort, true);
        String plain = "/p3/x";
        String escaped = "/%70%33//x?q=%2F";
        List<Double> withCpu = new ArrayList<>();
        List<Double> withoutCpu = new ArrayList<>();
        List<Double> escapedCpu = new ArrayList<>();
        List<Double> escapedWithoutCpu = new ArrayList<>();
        // nginx decodes and merges by itself, so it routes the escaped target without the policy's
        // lines too; HAProxy without them routes it by its raw form (a 404), so it has no such row.
        boolean escapedRoutesWithout = emitter.target().equals("nginx");
        for (int round = 0; round < rounds; round++) {
          withCpu.add(wrk(with, plain).requestsPerProxyCpuSecond());
          withoutCpu.add(wrk(without, plain).requestsPerProxyCpuSecond());
          escapedCpu.add(wrk(with, escaped).requestsPerProxyCpuSecond());
          if (escapedRoutesWithout) {
            escapedWithoutCpu.add(wrk(without, escaped).requestsPerProxyCpuSecond());
          }
        }
        double base = median(withoutCpu);
        line("## %s%s: the request-target policy's cost, 10 routes", emitter.target(),
            FORMAT.map(f -> " (--format " + f + ")").orElse(""));
        line("");
        line("wrk -t1 -c32 -d%ds on loopback, %d interleaved rounds; requests per CPU-second of the proxy's"
            + " processes, median:", wrkSeconds, rounds);
        line("");
        line("| config | target | requests per proxy CPU-second (median) | rounds | vs without the policy |");
        line("| --- | --- | --- | --- | --- |");
        line("| without the policy's lines | `%s` | %.0f | %s | 1.000 |", plain, base, format(withoutCpu));
        line("| as emitted | `%s` | %.0f | %s | %.3f |", plain, median(withCpu), format(withCpu),
            median(withCpu) / base);
        line("| as emitted | `%s` | %.0f | %s | %.3f |", escaped, median(escapedCpu), format(escapedCpu),
            median(escapedCpu) / base);
        if (escapedRoutesWithout) {
          line("| without the policy's lines | `%s` | %.0f | %s | %.3f |", escaped, median(escapedWithoutCpu),
              format(escapedWithoutCpu), median(escapedWithoutCpu) / base);
        }
        with.close();
        without.close();
      }
    }
  }

  private record Target(String name, Workspace ws, RunningProxy proxy, int port) implements AutoCloseable {
    @Override
    public void close() {
      proxy.close();
      ws.close();
    }
  }

  private Target generated(String name, int hosts, int backendPort) {
    return generated(name, hosts, backendPort, false);
  }

  private Target generated(String name, int hosts, int backendPort, boolean withoutPolicy) {
    Compiler.Compilation c = Compiler.compileText("bench.yaml", manifests(hosts, backendPort), CompileOptions.defaults());
    Workspace ws = Workspace.create("bench-gen");
    int port = Workspace.freePort();
    try {
      emitter.emit(c.ir(), new EmitOptions(port, 443, ws.output(), ws.runtime(), FORMAT))
          .writeTo(ws.output());
      if (withoutPolicy) {
        Path config = ws.output().resolve(proxy.kind().configFile());
        Files.writeString(config, RequestTargetPolicyLines.remove(emitter.target(), Files.readString(config)));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new Target(name, ws, proxy.start(ws.output(), ws.runtime(), List.of(port)), port);
  }

  private Target handWritten(int backendPort) throws IOException {
    Workspace ws = Workspace.create("bench-hand");
    int port = Workspace.freePort();
    String template = Files.readString(Path.of(System.getProperty("ingressc.repo.root", "."), "bench",
        emitter.target(), "hand-written.template"));
    String conf = template.replace("@RUN@", ws.runtime().toString()).replace("@PORT@", Integer.toString(port))
        .replace("@BACKEND@", "127.0.0.1:" + backendPort);
    Files.writeString(ws.output().resolve(proxy.kind().configFile()), conf);
    CheckResult check = proxy.check(ws.output(), ws.runtime());
    if (!check.ok()) {
      throw new IllegalStateException("hand-written config: " + check.output());
    }
    return new Target("hand-written, 10 routes", ws, proxy.start(ws.output(), ws.runtime(), List.of(port)), port);
  }

  private record Run(double requestsPerSecond, double requestsPerProxyCpuSecond) {}

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

  private Run wrk(Target t) throws Exception {
    return wrk(t, "/p3/x");
  }

  private Run wrk(Target t, String target) throws Exception {
    Duration cpuBefore = proxyCpu(t.ws);
    Process p = new ProcessBuilder("wrk", "-t1", "-c32", "-d" + wrkSeconds + "s", "-H", "Host: h1.bench.example.com",
        "http://127.0.0.1:" + t.port + target).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(wrkSeconds + 30L, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("wrk failed: " + out);
    }
    if (out.contains("Non-2xx")) {
      throw new IllegalStateException(t.name + " answered non-2xx: " + out);
    }
    Duration cpu = proxyCpu(t.ws).minus(cpuBefore);
    Matcher m = RPS.matcher(out);
    Matcher n = REQUESTS.matcher(out);
    if (!m.find() || !n.find()) {
      throw new IllegalStateException("no Requests/sec or request count in: " + out);
    }
    return new Run(Double.parseDouble(m.group(1)), Long.parseLong(n.group(1)) / (cpu.toNanos() / 1e9));
  }

  /**
   * {@code hosts} Ingresses h0..h(n-1).bench.example.com, each with Prefix /p0../p4 over 50 Services.
   * Path p of host h goes to Service (5h + p) mod 50, so every tenth host has the same routes; with
   * {@code -Dingressc.bench.routes=distinct} it goes to digit p of h in base 50 instead, so no two
   * hosts (up to 125,000) have the same routes: the worst case for a target that shares config
   * between hosts with the same routes.
   */
  static String manifests(int hosts, int backendPort) {
    boolean distinct = "distinct".equals(System.getProperty("ingressc.bench.routes"));
    StringBuilder sb = new StringBuilder(hosts * 900);
    for (int s = 0; s < SERVICES; s++) {
      sb.append("---\napiVersion: v1\nkind: Service\nmetadata: {name: svc-").append(s)
          .append(", namespace: bench}\nspec: {ports: [{name: http, port: 80}]}\n");
      sb.append("---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: svc-").append(s)
          .append(", namespace: bench, labels: {kubernetes.io/service-name: svc-").append(s)
          .append("}}\naddressType: IPv4\nports: [{name: http, port: ").append(backendPort)
          .append("}]\nendpoints: [{addresses: [127.0.0.1]}]\n");
    }
    for (int h = 0; h < hosts; h++) {
      sb.append("---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: site-").append(h)
          .append(", namespace: bench}\nspec:\n  rules:\n  - host: h").append(h).append(".bench.example.com\n")
          .append("    http:\n      paths:\n");
      for (int p = 0; p < PATHS; p++) {
        sb.append("      - {path: /p").append(p).append(", pathType: Prefix, backend: {service: {name: svc-")
            .append(distinct ? h / (int) Math.pow(SERVICES, Math.min(p, 2)) % SERVICES : (h * PATHS + p) % SERVICES)
            .append(", port: {number: 80}}}}\n");
      }
    }
    return sb.toString();
  }

  private static String backendConfig(Path run, int port) {
    return """
        daemon off;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 4096; }
        http {
            access_log off;
            client_body_temp_path %1$s/cb; proxy_temp_path %1$s/p; fastcgi_temp_path %1$s/f;
            uwsgi_temp_path %1$s/u; scgi_temp_path %1$s/s;
            keepalive_requests 1000000;
            server { listen 127.0.0.1:%2$d; location / { return 200 "ok\\n"; } }
        }
        """.formatted(run, port);
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  private static String format(List<Double> xs) {
    return String.join(", ", xs.stream().map(x -> String.format("%.0f", x)).toList());
  }

  private void line(String format, Object... args) {
    report.append(String.format(format, args)).append('\n');
  }
}
