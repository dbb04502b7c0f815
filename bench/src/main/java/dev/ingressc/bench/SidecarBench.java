package dev.ingressc.bench;

import dev.ingressc.sidecar.Sidecar;
import dev.ingressc.sidecar.SidecarConfig;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.proxy.Workspace;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The sidecar's end-to-end numbers, with the real proxies on loopback (file mode):
 *
 * <ul>
 *   <li>change → served latency: a new Ingress file lands; the clock stops at the first 200 from
 *       its new host (polled every 2 ms), at 100 and at 10,000 routes (one Ingress per route);
 *   <li>failed requests during 100 reloads while {@code wrk} loads a stable route (keep-alive);
 *   <li>heap after GC with 10,000 Ingresses served (measured in this JVM, which also holds the
 *       benchmark's small echo servers).
 * </ul>
 *
 * <p>Usage: {@code java [-Dbench.routes=distinct] [-Dbench.runtimeApi=false] [-Dbench.format=lua]
 * [-Dbench.change=endpoints] -cp bench/target/benchmarks.jar
 * dev.ingressc.bench.SidecarBench [targets] [changes] [route counts]}. Before the measured changes come
 * 5 warm-up changes (printed, not counted) and a 5 s pause. By default every Ingress routes to one Service "web", so
 * hosts share their routes (nginx then writes one server for all); {@code distinct} gives every
 * Ingress, and every change, a Service and EndpointSlice of its own (the worst case for nginx: a
 * server and an upstream per host).
 */
public final class SidecarBench {
  private static final Duration SERVED = Duration.ofSeconds(60);
  private static final int WARM_UP = 5;
  /** HAProxy: false reloads for every change (as {@code --no-runtime-api}), for the reloads under load. */
  private static final boolean RUNTIME_API = !"false".equals(System.getProperty("bench.runtimeApi"));
  private static final Duration PAUSE = Duration.ofSeconds(5);
  private static final boolean DISTINCT = "distinct".equals(System.getProperty("bench.routes"));
  /** nginx: {@code lua} runs the sidecar with {@code --format lua}. */
  private static final Optional<String> FORMAT = Optional.ofNullable(System.getProperty("bench.format"));
  /**
   * {@code endpoints}: each change replaces the endpoint of Service "web" (host ep.bench) instead
   * of adding an Ingress, and is served when ep.bench answers from the new endpoint.
   */
  private static final boolean ENDPOINT_CHANGES = "endpoints".equals(System.getProperty("bench.change"));
  /** Two endpoints that the endpoint changes alternate between. */
  private static List<String> alternates = List.of();
  /** Where the distinct Services' EndpointSlices point (set once the echo backends run). */
  private static int echoPort;
  private static List<String> echoAddresses = List.of();

  public static void main(String[] args) throws Exception {
    List<String> targets = args.length > 0 ? List.of(args[0].split(",")) : List.of("nginx", "haproxy");
    int changes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int[] sizes = args.length > 2 ? java.util.Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {100, 10_000};
    System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
        + (Runtime.getRuntime().maxMemory() >> 20) + " MB max heap, " + System.getProperty("os.name") + " "
        + System.getProperty("os.version") + ", Java " + System.getProperty("java.version"));
    for (String target : targets) {
      for (int routes : sizes) {
        run(target, routes, changes);
      }
    }
  }

  private static void run(String target, int routes, int changes) throws Exception {
    try (Workspace ws = Workspace.create("bench-" + target); EchoBackends backends = new EchoBackends()) {
      Path manifests = Files.createDirectories(ws.root().resolve("manifests"));
      List<String> endpoints = backends.start("default/web:80", 2);
      echoPort = backends.port();
      echoAddresses = endpoints;
      write(manifests, "base.yaml", corpus(routes));
      alternates = backends.start("default/web:80", 2);
      write(manifests, "ep.yaml", endpointProbe(endpoints));
      System.out.println("routes: " + (DISTINCT ? "distinct (a Service per Ingress)" : "shared (one Service)"));
      int http = Workspace.freePort();
      SidecarConfig config = SidecarConfig.files(target, List.of(manifests.toString()), ws.output(), http,
          Workspace.freePort()).withDrain(Duration.ofSeconds(5)).withRuntimeApi(RUNTIME_API).withFormat(FORMAT);
      System.out.println("format: " + FORMAT.orElse("default") + ", changes: "
          + (ENDPOINT_CHANGES ? "the endpoint of Service web" : "a new Ingress each"));
      long t0 = System.nanoTime();
      try (Sidecar sidecar = Sidecar.start(config)) {
        await(http, "h1.bench", SERVED);
        long startMs = (System.nanoTime() - t0) / 1_000_000;
        // The JIT needs a few passes at this size before the sidecar runs as it does for days; then a
        // pause lets the sidecar write the files it deferred (HAProxy: and free its spare backends).
        List<Long> warmUp = new ArrayList<>();
        for (int k = 1; k <= WARM_UP; k++) {
          warmUp.add(change(manifests, http, "w" + k));
        }
        Thread.sleep(PAUSE.toMillis());
        System.out.printf("%s routes=%d warm-up changes (not counted): %s ms%n", target, routes, warmUp);
        long reloadsBefore = sidecar.metrics().reloads();
        long runtimeBefore = sidecar.metrics().runtimeUpdates();
        List<Long> latencies = new ArrayList<>();
        for (int k = 1; k <= changes; k++) {
          latencies.add(change(manifests, http, "c" + k));
        }
        Collections.sort(latencies);
        System.out.printf("%s routes=%d first-serve=%d ms changes=%d p50=%d ms p99=%d ms max=%d ms"
            + " (reloads=%d runtime-api=%d during them)%n",
            target, routes, startMs, changes, pct(latencies, 50), pct(latencies, 99),
            latencies.get(latencies.size() - 1), sidecar.metrics().reloads() - reloadsBefore,
            sidecar.metrics().runtimeUpdates() - runtimeBefore);
        if (routes == 100) {
          underLoad(sidecar, target, manifests, http, "l", List.of());
          underLoad(sidecar, target, manifests, http, "n", List.of("-H", "Connection: close"));
        }
        if (routes == 10_000) {
          System.gc();
          Thread.sleep(200);
          System.gc();
          long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
          System.out.printf("%s routes=%d heap-after-gc=%d MB%n", target, routes, used >> 20);
        }
      }
    }
  }

  /**
   * 100 changes (reloads, unless HAProxy takes them through its runtime API) while wrk keeps 16
   * connections busy on a route that never changes.
   */
  private static void underLoad(Sidecar sidecar, String target, Path manifests, int http, String prefix,
      List<String> extra)
      throws Exception {
    Path out = Files.createTempFile("wrk", ".txt");
    String loaded = ENDPOINT_CHANGES ? "ep.bench" : "h1.bench";
    List<String> cmd = new ArrayList<>(List.of("wrk", "-t2", "-c16", "-d600s", "-H", "Host: " + loaded));
    cmd.addAll(extra);
    cmd.add("http://127.0.0.1:" + http + "/");
    Process wrk = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    Thread.sleep(500);
    long reloads = sidecar.metrics().reloads();
    long runtime = sidecar.metrics().runtimeUpdates();
    for (int k = 1; k <= 100; k++) {
      change(manifests, http, prefix + k);
    }
    Thread.sleep(500);
    // wrk prints its summary on SIGINT.
    new ProcessBuilder("/bin/sh", "-c", "kill -INT " + wrk.pid()).start().waitFor(10, TimeUnit.SECONDS);
    if (!wrk.waitFor(30, TimeUnit.SECONDS)) {
      wrk.destroyForcibly();
    }
    String summary = Files.readString(out, StandardCharsets.UTF_8);
    Files.delete(out);
    System.out.println(target + " 100 changes under wrk -t2 -c16 " + (extra.isEmpty() ? "(keep-alive)"
        : "(Connection: close, a new connection per request)") + ": " + (sidecar.metrics().reloads() - reloads)
        + " reloads, " + (sidecar.metrics().runtimeUpdates() - runtime) + " runtime-API updates");
    summary.lines().filter(l -> l.contains("requests in") || l.contains("Non-2xx") || l.contains("Socket errors")
        || l.contains("Requests/sec")).forEach(l -> System.out.println("  " + l.trim()));
    if (summary.lines().noneMatch(l -> l.contains("Non-2xx") || l.contains("Socket errors"))) {
      System.out.println("  0 non-2xx responses, 0 socket errors");
    }
  }

  /**
   * Adds an Ingress for host {@code NAME.bench}; returns ms until that host first answers 200. With
   * endpoint changes, gives Service web the other alternate endpoint instead; returns ms until
   * ep.bench answers from it.
   */
  private static long change(Path manifests, int http, String name) throws Exception {
    if (ENDPOINT_CHANGES) {
      lastAlternate ^= 1;
      String next = alternates.get(lastAlternate);
      long t0 = System.nanoTime();
      write(manifests, "ep.yaml", endpointProbe(List.of(next)));
      awaitEndpoint(http, next + ":" + echoPort, SERVED);
      return (System.nanoTime() - t0) / 1_000_000;
    }
    String host = name + ".bench";
    long t0 = System.nanoTime();
    write(manifests, name + ".yaml", ingress(name, host));
    await(http, host, SERVED);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static int lastAlternate = 1;

  private static void awaitEndpoint(int port, String endpoint, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResult r = HttpProbe.get("127.0.0.1", port, "ep.bench", "/");
        if (r.status() == 200 && r.echo().path("endpoint").asText().equals(endpoint)) {
          return;
        }
      } catch (RuntimeException e) {
        // not listening
      }
      Thread.sleep(2);
    }
    throw new IllegalStateException("ep.bench not served by " + endpoint + " within " + timeout);
  }

  /** Service "web" with these endpoints, and host ep.bench routed to it, in a file of their own. */
  static String endpointProbe(List<String> endpoints) {
    return service("web", echoPort, endpoints) + "---\n" + ingress("ep", "ep.bench", "web");
  }

  private static void await(int port, String host, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (HttpProbe.get("127.0.0.1", port, host, "/").status() == 200) {
          return;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      Thread.sleep(2);
    }
    throw new IllegalStateException(host + " not served within " + timeout);
  }

  private static long pct(List<Long> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1)));
  }

  private static void write(Path dir, String file, String text) throws IOException {
    Path tmp = dir.resolve("." + file + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The Ingresses; Service "web" is in ep.yaml ({@link #endpointProbe}). */
  static String corpus(int routes) {
    return ingresses(routes);
  }

  /** The Service "web" and its EndpointSlice. */
  static String service(int port, List<String> endpoints) {
    return service("web", port, endpoints);
  }

  static String service(String name, int port, List<String> endpoints) {
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: %1$s, namespace: default}
        spec: {ports: [{name: http, port: 80}]}
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: %1$s, namespace: default, labels: {kubernetes.io/service-name: %1$s}}
        addressType: IPv4
        ports: [{name: http, port: %2$d}]
        endpoints: [{addresses: [%3$s]}]
        """.formatted(name, port, String.join(", ", endpoints));
  }

  /** Ingresses h1..hN, each with one host and one path. */
  static String ingresses(int routes) {
    StringBuilder sb = new StringBuilder(routes * 300);
    for (int i = 1; i <= routes; i++) {
      sb.append("---\n").append(ingress("h" + i, "h" + i + ".bench"));
    }
    return sb.toString();
  }

  /** An Ingress for {@code host}; to "web", or with distinct routes to its own Service. */
  static String ingress(String name, String host) {
    if (DISTINCT) {
      return service("svc-" + name, echoPort, echoAddresses) + "---\n" + ingress(name, host, "svc-" + name);
    }
    return ingress(name, host, "web");
  }

  static String ingress(String name, String host, String service) {
    return """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: %s, namespace: default}
        spec:
          rules:
          - host: %s
            http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: %s, port: {number: 80}}}}]}
        """.formatted(name, host, service);
  }

  private SidecarBench() {}
}
