package dev.ingressc.bench;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ingressc.sidecar.Sidecar;
import dev.ingressc.sidecar.SidecarConfig;
import dev.ingressc.testkit.proxy.Workspace;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Envoy over xDS: change → delivered latency. The sidecar runs in file mode with {@code --target
 * envoy} and its xDS server on loopback; an ADS client (as Envoy subscribes: CDS, LDS, then EDS and
 * RDS by name, ACKing everything) receives the snapshots. The clock starts when a manifest is
 * renamed into the watched folder and stops when the client has the response of the changed type
 * with a new version. Two kinds of change: a new Ingress (RDS) and an endpoint change (EDS).
 * Also reported: the sidecar's own reconcile time (compile + translate + check + set snapshot)
 * from {@code ingressc_apply_duration_seconds}, i.e. the time from reconcile start to delivery
 * minus the few microseconds the loopback send takes.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.ingressc.bench.XdsBench [changes] [debounceMs]}.
 * Before the measured changes come 5 warm-up changes (printed, not counted).
 */
public final class XdsBench {
  private static final String CDS = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  private static final String EDS = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
  private static final String LDS = "type.googleapis.com/envoy.config.listener.v3.Listener";
  private static final String RDS = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final int WARM_UP = 5;

  public static void main(String[] args) throws Exception {
    int changes = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int debounceMs = args.length > 1 ? Integer.parseInt(args[1])
        : (int) SidecarConfig.defaultDebounce("envoy").toMillis();
    System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
        + (Runtime.getRuntime().maxMemory() >> 20) + " MB max heap, " + System.getProperty("os.name") + " "
        + System.getProperty("os.version") + ", Java " + System.getProperty("java.version")
        + "; debounce quiet " + debounceMs + " ms");
    for (int routes : new int[] {100, 10_000}) {
      run(routes, changes, debounceMs);
    }
  }

  private static void run(int routes, int changes, int debounceMs) throws Exception {
    try (Workspace ws = Workspace.create("bench-xds")) {
      Path manifests = Files.createDirectories(ws.root().resolve("manifests"));
      // The Service and its EndpointSlice in a file of their own: an endpoint change touches that
      // file only, as it touches one EndpointSlice in a cluster.
      write(manifests, "web.yaml", SidecarBench.service(8080, List.of("10.0.0.1")));
      write(manifests, "base.yaml", SidecarBench.ingresses(routes));
      SidecarConfig config = SidecarConfig.files("envoy", List.of(manifests.toString()), ws.output(), 8080, 8443)
          .withXds("127.0.0.1", 0).withDebounce(Duration.ofMillis(debounceMs), Duration.ofSeconds(1));
      try (Sidecar sidecar = Sidecar.start(config); Client client = new Client(sidecar.xdsPort().orElseThrow())) {
        client.awaitNew(RDS, "", BOUND);
        client.awaitNew(EDS, "", BOUND);
        // As in SidecarBench: the JIT needs a few passes at this size before the sidecar runs as it
        // does for days. Printed, not counted.
        List<Long> warmUp = new ArrayList<>();
        for (int k = 1; k <= WARM_UP; k++) {
          warmUp.add(newIngress(client, manifests, "w" + k));
        }
        System.out.printf("routes=%d warm-up changes (not counted): %s ms%n", routes, warmUp);
        List<Long> route = new ArrayList<>();
        List<Long> endpoint = new ArrayList<>();
        List<Double> reconcile = new ArrayList<>();
        for (int k = 1; k <= changes; k++) {
          route.add(newIngress(client, manifests, "c" + k));
          reconcile.add(applySeconds(sidecar) * 1000);
        }
        for (int k = 1; k <= changes; k++) {
          String before = client.version(EDS);
          long t0 = System.nanoTime();
          write(manifests, "web.yaml", SidecarBench.service(8080, List.of("10.0." + (k / 250) + "." + (k % 250 + 2))));
          client.awaitNew(EDS, before, BOUND);
          endpoint.add((System.nanoTime() - t0) / 1_000_000);
          reconcile.add(applySeconds(sidecar) * 1000);
        }
        Collections.sort(route);
        Collections.sort(endpoint);
        Collections.sort(reconcile);
        System.out.printf("routes=%d new-ingress (RDS): p50=%d ms p99=%d ms max=%d ms%n", routes, pct(route, 50),
            pct(route, 99), route.get(route.size() - 1));
        System.out.printf("routes=%d endpoint-only (EDS): p50=%d ms p99=%d ms max=%d ms%n", routes, pct(endpoint, 50),
            pct(endpoint, 99), endpoint.get(endpoint.size() - 1));
        System.out.printf("routes=%d reconcile start -> snapshot set (both kinds): p50=%.0f ms p99=%.0f ms%n", routes,
            reconcile.get((int) Math.ceil(0.5 * reconcile.size()) - 1),
            reconcile.get((int) Math.ceil(0.99 * reconcile.size()) - 1));
        System.out.printf("routes=%d responses: CDS=%d LDS=%d RDS=%d EDS=%d snapshots=%d%n", routes,
            client.count(CDS), client.count(LDS), client.count(RDS), client.count(EDS),
            sidecar.metrics().xdsSnapshots());
      }
    }
  }

  /** Adds Ingress {@code name}; returns ms until the client holds the route table with it. */
  private static long newIngress(Client client, Path manifests, String name) throws Exception {
    String before = client.version(RDS);
    long t0 = System.nanoTime();
    write(manifests, name + ".yaml", SidecarBench.ingress(name, name + ".bench"));
    client.awaitNew(RDS, before, BOUND);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static double applySeconds(Sidecar sidecar) {
    Matcher m = Pattern.compile("(?m)^ingressc_apply_duration_seconds (\\S+)$").matcher(sidecar.metrics().render());
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private static long pct(List<Long> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1)));
  }

  private static void write(Path dir, String file, String text) throws Exception {
    Path tmp = dir.resolve("." + file + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** A minimal Envoy-like ADS client: wildcard CDS and LDS, EDS for the EDS clusters, RDS "http"; ACKs all. */
  private static final class Client implements AutoCloseable {
    private final ManagedChannel channel;
    private final StreamObserver<DiscoveryRequest> out;
    private final Node node = Node.newBuilder().setId("bench").setCluster("ingressc").build();
    private final Map<String, String> versions = new ConcurrentHashMap<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final BlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
    private volatile List<String> edsNames = List.of();

    Client(int port) {
      channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
          .maxInboundMessageSize(256 * 1024 * 1024).build();
      out = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new StreamObserver<>() {
        @Override
        public void onNext(DiscoveryResponse r) {
          versions.put(r.getTypeUrl(), r.getVersionInfo());
          counts.merge(r.getTypeUrl(), 1, Integer::sum);
          List<String> names = r.getTypeUrl().equals(EDS) ? edsNames
              : r.getTypeUrl().equals(RDS) ? List.of("http") : List.of();
          send(r.getTypeUrl(), names, r.getVersionInfo(), r.getNonce());
          if (r.getTypeUrl().equals(CDS)) {
            List<String> eds = new ArrayList<>();
            for (Any a : r.getResourcesList()) {
              try {
                Cluster c = a.unpack(Cluster.class);
                if (c.getType() == Cluster.DiscoveryType.EDS) {
                  eds.add(c.getName());
                }
              } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
              }
            }
            if (!eds.equals(edsNames)) {
              edsNames = eds;
              send(EDS, eds, versions.getOrDefault(EDS, ""), "");
            }
          } else if (r.getTypeUrl().equals(LDS) && !versions.containsKey(RDS)) {
            send(RDS, List.of("http"), "", "");
          }
          arrivals.add(r.getTypeUrl());
        }

        @Override
        public void onError(Throwable t) {
          System.err.println("ADS stream error: " + t);
        }

        @Override
        public void onCompleted() {
        }
      });
      send(CDS, List.of(), "", "");
      send(LDS, List.of(), "", "");
    }

    private synchronized void send(String type, List<String> names, String version, String nonce) {
      out.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(type).addAllResourceNames(names)
          .setVersionInfo(version).setResponseNonce(nonce).build());
    }

    String version(String type) {
      return versions.getOrDefault(type, "");
    }

    int count(String type) {
      return counts.getOrDefault(type, 0);
    }

    void awaitNew(String type, String before, Duration bound) throws InterruptedException {
      long deadline = System.nanoTime() + bound.toNanos();
      while (version(type).isEmpty() || version(type).equals(before)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("no new " + type + " within " + bound);
        }
        arrivals.poll(left, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private XdsBench() {}
}
