package dev.ingressc.bench;

import dev.ingressc.CompileOptions;
import dev.ingressc.sidecar.ClusterConfig;
import dev.ingressc.sidecar.Sidecar;
import dev.ingressc.sidecar.SidecarConfig;
import dev.ingressc.testkit.proxy.Workspace;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sidecar's heap in cluster mode: a fabric8 mock API server (CRUD mode) in this JVM holds N
 * Ingresses, each with its own Service and EndpointSlice; the sidecar runs in a second JVM of its
 * own, watching it with informers and serving nginx, so its heap holds the informer caches, the
 * served IR and nothing of the server's. Once the first configuration is served, the child runs two
 * full GCs and prints the heap in use.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.ingressc.bench.ClusterHeapBench [N] [child -Xmx]}
 */
public final class ClusterHeapBench {
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("child")) {
      child(Path.of(args[1]), Integer.parseInt(args[2]));
      return;
    }
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    String xmx = args.length > 1 ? args[1] : "256m";
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init();
    try (Workspace ws = Workspace.create("bench-cluster-heap"); KubernetesClient client = server.createClient()) {
      long t0 = System.nanoTime();
      create(client, """
          apiVersion: networking.k8s.io/v1
          kind: IngressClass
          metadata: {name: ingressc}
          spec: {controller: %s}
          """.formatted(CompileOptions.DEFAULT_CONTROLLER));
      for (int i = 1; i <= n; i++) {
        create(client, SidecarBench.service("svc-h" + i, 8080, List.of("10.0." + (i / 250) + "." + (i % 250 + 1)))
            + "---\n" + SidecarBench.ingress("h" + i, "h" + i + ".bench", "svc-h" + i)
                .replaceFirst("spec:\n", "spec:\n  ingressClassName: ingressc\n"));
      }
      System.out.printf("mock API server: %d Ingresses, %d Services, %d EndpointSlices created in %d s%n", n, n, n,
          (System.nanoTime() - t0) / 1_000_000_000);
      Path kubeconfig = ws.root().resolve("kubeconfig");
      Files.writeString(kubeconfig, """
          apiVersion: v1
          kind: Config
          clusters: [{name: mock, cluster: {server: "http://127.0.0.1:%d"}}]
          users: [{name: bench, user: {}}]
          contexts: [{name: mock, context: {cluster: mock, user: bench, namespace: default}}]
          current-context: mock
          """.formatted(server.getPort()));
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx" + xmx, "-cp", System.getProperty("java.class.path"), ClusterHeapBench.class.getName(), "child",
          kubeconfig.toString(), String.valueOf(n)));
      Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      child.waitFor();
      out.lines().filter(l -> !l.contains("level=info")).forEach(l -> System.out.println("  child: " + l));
    } finally {
      server.destroy();
    }
  }

  private static void create(KubernetesClient client, String yaml) {
    for (HasMetadata o : client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      client.resource(o).create();
    }
  }

  /** The sidecar JVM: serve, wait until all N Ingresses are served, GC, print the heap in use. */
  private static void child(Path kubeconfig, int n) throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    try (Workspace ws = Workspace.create("bench-cluster-heap-child");
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      ClusterConfig cc = new ClusterConfig(client, Optional.empty(), List.of("192.0.2.1"), Optional.empty(), false,
          "default", "ingressc-leader", "bench", Duration.ofSeconds(15), Optional.empty());
      SidecarConfig sc = SidecarConfig.files("nginx", List.of(), ws.output(), Workspace.freePort(),
          Workspace.freePort()).withCluster(cc);
      long t0 = System.nanoTime();
      try (Sidecar sidecar = Sidecar.start(sc)) {
        Pattern ingresses = Pattern.compile("(?m)^ingressc_watched_objects\\{kind=\"Ingress\"} (\\d+)$");
        while (true) {
          Matcher m = ingresses.matcher(sidecar.metrics().render());
          if (sidecar.ready() && m.find() && Long.parseLong(m.group(1)) >= n) {
            break;
          }
          if (System.nanoTime() - t0 > Duration.ofMinutes(10).toNanos()) {
            throw new IllegalStateException("not served within 10 minutes");
          }
          Thread.sleep(200);
        }
        System.out.printf("served %d Ingresses after %d ms%n", n, (System.nanoTime() - t0) / 1_000_000);
        System.gc();
        Thread.sleep(200);
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long max = Runtime.getRuntime().maxMemory();
        System.out.printf("heap in use after GC: %d MB (max heap %d MB)%n", used >> 20, max >> 20);
      }
    }
  }

  private ClusterHeapBench() {}
}
