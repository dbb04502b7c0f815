package dev.ingressc.testkit.bench;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.Emitter;
import dev.ingressc.emit.Emitters;
import dev.ingressc.testkit.proxy.CheckResult;
import dev.ingressc.testkit.proxy.LocalProxyLauncher;
import dev.ingressc.testkit.proxy.ProxyKind;
import dev.ingressc.testkit.proxy.ProxyKinds;
import dev.ingressc.testkit.proxy.RunningProxy;
import dev.ingressc.testkit.proxy.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The proxy benchmark, the same for every target (bench/proxy-bench.sh runs it): compile time,
 * bytes per route and config-check time for 10,000 hosts x 5 paths; then wrk on loopback through
 * the generated config at 10 and 10,000 routes and through a minimal hand-written config for the
 * same 10 routes ({@code bench/TARGET/hand-written.template}), in one run, against one nginx
 * backend that answers a fixed 200. Every loop is bounded.
 */
public final class ProxyBench {
  private final Emitter emitter;
  private final LocalProxyLauncher proxy;
  private final LocalProxyLauncher nginx;
  private final BenchProxies proxies;
  private final Wrk wrk;
  private final StringBuilder report = new StringBuilder();
  private final int wrkSeconds;
  private final int rounds;

  private ProxyBench(Emitter emitter, LocalProxyLauncher proxy, LocalProxyLauncher nginx, int wrkSeconds, int rounds) {
    this.emitter = emitter;
    this.proxy = proxy;
    this.nginx = nginx;
    this.wrkSeconds = wrkSeconds;
    this.rounds = rounds;
    this.proxies = new BenchProxies(emitter, proxy, FORMAT);
    this.wrk = new Wrk(wrkSeconds);
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
      Compiler.Compilation c = Compiler.compileText("bench.yaml", BenchManifests.manifests(Integer.parseInt(args[2]), 8080),
          CompileOptions.defaults());
      emitter.emit(c.ir(), c.endpoints(), new EmitOptions(8080, 443, dir, dir.resolve("run"), FORMAT)).writeTo(dir);
      return;
    }
    if (args.length >= 2 && args[1].equals("request-targets")) {
      ProxyKind kind = ProxyKinds.byName(target).orElseThrow();
      int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
      int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
      ProxyBench bench = new ProxyBench(emitter, launcher(kind), launcher(ProxyKinds.byName("nginx").orElseThrow()), seconds, rounds);
      bench.requestTargets();
      System.out.print(bench.report);
      return;
    }
    int hosts = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int wrkSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    ProxyKind kind = ProxyKinds.byName(target).orElseThrow();
    ProxyBench bench = new ProxyBench(emitter, launcher(kind), launcher(ProxyKinds.byName("nginx").orElseThrow()), wrkSeconds, rounds);
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
      Files.writeString(backendWs.output().resolve("nginx.conf"), BenchManifests.backendConfig(backendWs.runtime(), backendPort));
      try (RunningProxy backend = nginx.start(backendWs.output(), backendWs.runtime(), List.of(backendPort))) {
        line("## %s: %d hosts x %d paths = %d routes", emitter.target(), hosts, BenchManifests.PATHS, hosts * BenchManifests.PATHS);
        line("");
        sizeAndCheck(hosts, backendPort);
        line("");
        throughput(hosts, backendPort);
      }
    }
  }

  /** Compile time, config size and nginx -t for the big config. */
  private void sizeAndCheck(int hosts, int backendPort) throws IOException {
    String yaml = BenchManifests.manifests(hosts, backendPort);
    long t0 = System.nanoTime();
    Compiler.Compilation c = Compiler.compileText("bench.yaml", yaml, CompileOptions.defaults());
    long t1 = System.nanoTime();
    try (Workspace ws = Workspace.create("bench-big")) {
      EmittedFiles files = emitter.emit(c.ir(), c.endpoints(), new EmitOptions(Workspace.freePort(), 443, ws.output(),
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
          bytes / ((long) hosts * BenchManifests.PATHS));
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
    int bigHosts = hosts / BenchManifests.PATHS >= 2 ? 10_000 / BenchManifests.PATHS : 2;
    List<BenchProxy> targets = List.of(
        proxies.generated("generated, 10 routes", 2, backendPort),
        proxies.generated("generated, " + bigHosts * BenchManifests.PATHS + " routes", bigHosts, backendPort),
        proxies.generated("generated, " + hosts * BenchManifests.PATHS + " routes", hosts, backendPort),
        proxies.handWritten(backendPort));
    List<List<Double>> results = new ArrayList<>();
    List<List<Double>> perCpuSecond = new ArrayList<>();
    targets.forEach(t -> {
      results.add(new ArrayList<>());
      perCpuSecond.add(new ArrayList<>());
    });
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < targets.size(); i++) {
        Wrk.Run r = wrk.run(targets.get(i));
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
      line("| %s | %.0f | %s | %.3f | %.3f |", targets.get(i).name(), m, format(results.get(i)), m / hand, m / ten);
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
      line("| %s | %.0f | %s | %.3f | %.3f |", targets.get(i).name(), m, format(perCpuSecond.get(i)), m / handCpu,
          m / tenCpu);
    }
    for (BenchProxy t : targets) {
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
      Files.writeString(backendWs.output().resolve("nginx.conf"), BenchManifests.backendConfig(backendWs.runtime(), backendPort));
      try (RunningProxy backend = nginx.start(backendWs.output(), backendWs.runtime(), List.of(backendPort))) {
        BenchProxy with = proxies.generated("as emitted", 2, backendPort, false);
        BenchProxy without = proxies.generated("without the policy's lines", 2, backendPort, true);
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
          withCpu.add(wrk.run(with, plain).requestsPerProxyCpuSecond());
          withoutCpu.add(wrk.run(without, plain).requestsPerProxyCpuSecond());
          escapedCpu.add(wrk.run(with, escaped).requestsPerProxyCpuSecond());
          if (escapedRoutesWithout) {
            escapedWithoutCpu.add(wrk.run(without, escaped).requestsPerProxyCpuSecond());
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
