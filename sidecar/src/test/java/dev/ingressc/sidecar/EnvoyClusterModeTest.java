package dev.ingressc.sidecar;

import static dev.ingressc.sidecar.AdsClient.CDS;
import static dev.ingressc.sidecar.AdsClient.EDS;
import static dev.ingressc.sidecar.AdsClient.LDS;
import static dev.ingressc.sidecar.AdsClient.RDS;
import static dev.ingressc.sidecar.ClusterModeTest.CLASSES;
import static dev.ingressc.sidecar.ClusterModeTest.WEB;
import static dev.ingressc.sidecar.ClusterModeTest.ingress;
import static dev.ingressc.sidecar.ClusterModeTest.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.emit.envoy.EnvoyResources;
import dev.ingressc.emit.envoy.EnvoyTranslator;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode with {@code --target envoy}: the mock API server's objects reach an ADS client as
 * xDS resources, and Ingress status waits until an Envoy node has ACKed the snapshot that serves
 * the Ingress. No Envoy binary is needed.
 */
class EnvoyClusterModeTest {
  static final Duration SERVED = Duration.ofSeconds(10);
  /** How long "nothing happens" is watched for. */
  static final Duration QUIET = Duration.ofMillis(800);
  static final String ADDRESS = "192.0.2.10";
  static final String SECOND = "second.example.com";

  MockCluster cluster;

  @BeforeEach
  void setUp() {
    cluster = new MockCluster();
    cluster.apply(CLASSES + Yaml.service("web", 80, 8080, List.of("10.1.0.1")));
  }

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  private SidecarRun start() throws Exception {
    ClusterConfig cc = ClusterModeTest.clusterConfig(cluster, "a", ADDRESS);
    return SidecarRun.prepare("envoy").startEnvoy(c -> c.withDebounce(Duration.ofMillis(20), Duration.ofMillis(200))
        .withCluster(cc));
  }

  private static int xdsPort(SidecarRun run) {
    return run.sidecar.xdsPort().orElseThrow();
  }

  private static void awaitAccepted(AdsClient client, List<String> types) {
    Eventually.await("accepted " + types, SERVED, () -> types.stream().filter(client.accepted::containsKey).count(),
        n -> n == types.size());
  }

  /** What the one translator makes of these objects, for ports of {@code run}. */
  private static EnvoyResources expected(SidecarRun run, String yaml) {
    var c = Compiler.compileText("cluster.yaml", yaml, CompileOptions.defaults());
    return EnvoyTranslator.translateForXds(c.ir(), c.endpoints(), run.httpPort, run.httpsPort);
  }

  private static List<String> domains(AdsClient client) {
    return client.resources(RDS, RouteConfiguration.class).stream().flatMap(r -> r.getVirtualHostsList().stream())
        .flatMap(v -> v.getDomainsList().stream()).toList();
  }

  private static VirtualHost web(AdsClient client) {
    return client.resources(RDS, RouteConfiguration.class).stream().flatMap(r -> r.getVirtualHostsList().stream())
        .filter(v -> v.getDomainsList().contains(WEB)).findFirst().orElseThrow();
  }

  @Test
  void anAdsClientReceivesTheClustersIngressesAndEachChange() throws Exception {
    String mine = ingress("mine", "ingressc", WEB, "/", null);
    String theirs = ingress("theirs", "other", "theirs.example.com", "/", null);
    cluster.apply(mine + theirs);
    try (SidecarRun run = start(); AdsClient envoy = new AdsClient(xdsPort(run)).subscribe()) {
      awaitAccepted(envoy, List.of(CDS, EDS, LDS, RDS));
      String web = CLASSES + Yaml.service("web", 80, 8080, List.of("10.1.0.1"));
      envoy.assertHolds(expected(run, web + mine + theirs));
      assertThat(domains(envoy)).contains(WEB).doesNotContain("theirs.example.com");

      // Ingress update: a new route table version, with the new path.
      String rds1 = envoy.acceptedVersion(RDS);
      String moved = ingress("mine", "ingressc", WEB, "/app", null);
      cluster.apply(moved);
      Eventually.await("a new RDS version", SERVED, () -> envoy.acceptedVersion(RDS), v -> !v.equals(rds1));
      envoy.assertHolds(expected(run, web + moved + theirs));
      assertThat(web(envoy).toString()).contains("/app");

      // EndpointSlice update: EDS alone moves.
      String rds2 = envoy.acceptedVersion(RDS);
      String eds2 = envoy.acceptedVersion(EDS);
      cluster.apply(Yaml.endpointSlice(Yaml.NS, "web", 8080, List.of("10.1.0.2")));
      Eventually.await("a new EDS version", SERVED, () -> envoy.acceptedVersion(EDS), v -> !v.equals(eds2));
      assertThat(envoy.resources(EDS, ClusterLoadAssignment.class).get(0).getEndpoints(0).getLbEndpoints(0)
          .getEndpoint().getAddress().getSocketAddress().getAddress()).isEqualTo("10.1.0.2");
      assertThat(envoy.acceptedVersion(RDS)).isEqualTo(rds2);

      // Ingress delete: the host leaves the route table.
      cluster.client().network().v1().ingresses().inNamespace(Yaml.NS).withName("mine").delete();
      Eventually.await("the host gone", SERVED, () -> domains(envoy), d -> !d.contains(WEB));
      assertThat(envoy.errors).isEmpty();
    }
  }

  @Test
  void statusIsWrittenOnlyOnceAnEnvoyNodeHasAckedTheSnapshotThatServesTheIngress() throws Exception {
    cluster.apply(ingress("mine", "ingressc", WEB, "/", null));
    try (SidecarRun run = start()) {
      Eventually.await("a snapshot published", SERVED, () -> run.sidecar.ready(), r -> r);
      Eventually.await("leading", SERVED, () -> run.sidecar.leading(), l -> l);
      Thread.sleep(QUIET.toMillis());
      assertThat(status(cluster.ingress("mine"))).as("no Envoy connected").isEmpty();

      try (AdsClient silent = AdsClient.silent(xdsPort(run)).subscribe()) {
        Eventually.await("clusters and listeners sent to the silent client", SERVED,
            () -> silent.receivedOf(CDS) + silent.receivedOf(LDS), n -> n == 2);
        Thread.sleep(QUIET.toMillis());
        assertThat(status(cluster.ingress("mine"))).as("sent but not ACKed").isEmpty();

        try (AdsClient envoy = new AdsClient(xdsPort(run)).subscribe()) {
          Eventually.await("status once an Envoy ACKed", SERVED, () -> status(cluster.ingress("mine")),
              s -> s.equals(List.of(ADDRESS)));
          assertThat(envoy.acceptedVersion(RDS)).isNotEmpty();

          // A new Ingress whose route table the only ACKing Envoy refuses: no status for it.
          envoy.nackNext(RDS, "refused by the test");
          cluster.apply(ingress("second", "ingressc", SECOND, "/", null));
          Eventually.await("the NACK", SERVED, () -> run.sidecar.metrics().xdsNacks(), n -> n == 1);
          Thread.sleep(QUIET.toMillis());
          assertThat(status(cluster.ingress("second"))).as("refused by the Envoy").isEmpty();
          assertThat(domains(envoy)).doesNotContain(SECOND);

          // The next route table is ACKed: now it is served, and gets status.
          cluster.apply(ingress("second", "ingressc", SECOND, "/v2", null));
          Eventually.await("status of the second once ACKed", SERVED, () -> status(cluster.ingress("second")),
              s -> s.equals(List.of(ADDRESS)));
          assertThat(domains(envoy)).contains(SECOND);
          assertThat(silent.receivedOf(RDS)).as("the silent client never asked for route tables").isZero();
        }
      }
    }
  }
}
