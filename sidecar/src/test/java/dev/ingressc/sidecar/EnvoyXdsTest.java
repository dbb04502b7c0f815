package dev.ingressc.sidecar;

import static dev.ingressc.sidecar.AdsClient.CDS;
import static dev.ingressc.sidecar.AdsClient.EDS;
import static dev.ingressc.sidecar.AdsClient.LDS;
import static dev.ingressc.sidecar.AdsClient.RDS;
import static dev.ingressc.sidecar.AdsClient.SDS;
import static dev.ingressc.sidecar.Yaml.ingress;
import static dev.ingressc.sidecar.Yaml.service;
import static dev.ingressc.sidecar.Yaml.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.emit.envoy.EnvoyResources;
import dev.ingressc.emit.envoy.EnvoyTranslator;
import dev.ingressc.sidecar.report.Log;
import dev.ingressc.emit.envoy.xds.XdsPublisher;
import dev.ingressc.emit.envoy.xds.XdsServer;
import dev.ingressc.testkit.fixtures.TestCertificates;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ingressc run --target envoy -f DIR --watch}: a gRPC ADS client subscribing as Envoy would
 * receives, ACKs and NACKs what the sidecar serves for a watched folder. No Envoy binary is needed.
 */
class EnvoyXdsTest {
  static final Duration SERVED = Duration.ofSeconds(10);
  /** How long "nothing more arrives" is watched for. */
  static final Duration QUIET = Duration.ofMillis(700);
  static final String WEB = "web.example.com";

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

  @BeforeEach
  void captureLog() {
    PrintStream both = new PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) {
        logged.write(b);
        System.err.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        logged.write(b, off, len);
        System.err.write(b, off, len);
      }
    }, true, StandardCharsets.UTF_8);
    Log.to(both);
  }

  @AfterEach
  void restoreLog() {
    Log.to(System.err);
  }

  private SidecarRun start(List<String> webEndpoints, String secretYaml) throws Exception {
    SidecarRun run = SidecarRun.prepare("envoy");
    run.write("svc-web.yaml", service("web", 80, 8080, webEndpoints));
    run.write("ing-web.yaml", ingress("web", WEB, "/", "web", secretYaml == null ? null : "web-tls"));
    if (secretYaml != null) {
      run.write("secret-web.yaml", secretYaml);
    }
    return run.startEnvoy(c -> c.withDebounce(Duration.ofMillis(20), Duration.ofMillis(200)));
  }

  private static AdsClient connect(SidecarRun run) {
    return new AdsClient(run.sidecar.xdsPort().orElseThrow()).subscribe();
  }

  private static void awaitAccepted(AdsClient client, List<String> types) {
    Eventually.await("accepted " + types, SERVED, () -> types.stream().filter(t -> client.accepted.containsKey(t))
        .count(), n -> n == types.size());
  }

  private static Map<String, String> versions(AdsClient client) {
    return AdsClient.TYPES.stream().collect(Collectors.toMap(t -> t, client::acceptedVersion));
  }

  private static void sleep(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
  }

  @Test
  void anAdsClientReceivesAndAcksListenersRoutesClustersEndpointsAndSecretsForTheWatchedFolder() throws Exception {
    TestCertificates.Pem pem = TestCertificates.selfSigned(List.of(WEB));
    try (SidecarRun run = start(List.of("10.1.0.1"), tlsSecret("web-tls", pem.certificate(), pem.key()));
        AdsClient client = connect(run)) {
      awaitAccepted(client, AdsClient.TYPES);
      Eventually.await("ready", SERVED, () -> run.admin("/readyz").status(), s -> s == 200);

      assertThat(client.resources(LDS, Listener.class)).extracting(Listener::getName).containsExactly("http", "https");
      assertThat(client.resources(RDS, RouteConfiguration.class)).extracting(RouteConfiguration::getName)
          .containsExactlyInAnyOrder("http", "https");
      List<Cluster> clusters = client.resources(CDS, Cluster.class);
      assertThat(clusters).singleElement().satisfies(c -> {
        assertThat(c.getType()).isEqualTo(Cluster.DiscoveryType.EDS);
        assertThat(c.getEdsClusterConfig().getEdsConfig().hasAds()).isTrue();
      });
      assertThat(client.resources(EDS, ClusterLoadAssignment.class)).singleElement().satisfies(a -> {
        assertThat(a.getClusterName()).isEqualTo(clusters.get(0).getName());
        assertThat(a.getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress().getAddress())
            .isEqualTo("10.1.0.1");
      });
      assertThat(client.resources(SDS, Secret.class)).singleElement().satisfies(s ->
          assertThat(s.getTlsCertificate().getCertificateChain().getInlineString()).isEqualTo(pem.certificate()));

      // Exactly what the one translator makes of the folder, in its xDS form.
      var c = Compiler.compileFiles(List.of(run.manifests.toString()), System.in, CompileOptions.defaults());
      EnvoyResources expected = EnvoyTranslator.translateForXds(c.ir(), c.endpoints(), run.httpPort, run.httpsPort);
      client.assertHolds(expected);
      assertThat(client.resources(SDS, Secret.class)).containsExactlyInAnyOrderElementsOf(expected.secrets());

      // Version and nonce semantics: every response has a version and a nonce unique on the stream;
      // once ACKed, nothing is re-sent while nothing changes.
      assertThat(client.received).allSatisfy(r -> {
        assertThat(r.getVersionInfo()).isNotEmpty();
        assertThat(r.getNonce()).isNotEmpty();
      });
      assertThat(new HashSet<>(client.received.stream().map(DiscoveryResponse::getNonce).toList()))
          .hasSize(client.received.size());
      int before = client.received.size();
      sleep(QUIET);
      assertThat(client.received).as("nothing re-sent after the ACKs").hasSize(before);
      assertThat(client.errors).isEmpty();

      // An Ingress change: new RDS version; clusters, endpoints, listeners and secrets keep theirs.
      Map<String, String> v1 = versions(client);
      run.write("ing-web.yaml", ingress("web", WEB, "/app", "web", "web-tls"));
      Eventually.await("new RDS version", SERVED, () -> client.acceptedVersion(RDS), v -> !v.equals(v1.get(RDS)));
      sleep(QUIET);
      Map<String, String> v2 = versions(client);
      for (String t : List.of(CDS, EDS, LDS, SDS)) {
        assertThat(v2.get(t)).as(t).isEqualTo(v1.get(t));
      }
      assertThat(client.resources(RDS, RouteConfiguration.class).toString()).contains("/app");

      // The key never reaches the log.
      String keyBody = pem.key().lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
      assertThat(logged.toString(StandardCharsets.UTF_8)).contains("event=applied").doesNotContain(keyBody);
      assertThat(run.admin("/metrics").text()).contains("ingressc_xds_snapshots_total 2");
    }
  }

  @Test
  void anEndpointOnlyChangeMovesTheEdsVersionAloneAndOnlyEdsIsSent() throws Exception {
    try (SidecarRun run = start(List.of("10.1.0.1"), null); AdsClient client = connect(run)) {
      awaitAccepted(client, List.of(CDS, EDS, LDS, RDS));
      sleep(QUIET);
      Map<String, String> v1 = versions(client);
      Map<String, Long> counts = AdsClient.TYPES.stream().collect(Collectors.toMap(t -> t, client::receivedOf));

      run.write("svc-web.yaml", service("web", 80, 8080, List.of("10.1.0.2", "10.1.0.3")));
      Eventually.await("new EDS version", SERVED, () -> client.acceptedVersion(EDS), v -> !v.equals(v1.get(EDS)));
      sleep(QUIET);
      for (String t : List.of(CDS, LDS, RDS)) {
        assertThat(client.acceptedVersion(t)).as("%s version", t).isEqualTo(v1.get(t));
        assertThat(client.receivedOf(t)).as("%s responses", t).isEqualTo(counts.get(t));
      }
      assertThat(client.receivedOf(EDS)).isEqualTo(counts.get(EDS) + 1);
      assertThat(client.resources(EDS, ClusterLoadAssignment.class).get(0).getEndpoints(0).getLbEndpointsList())
          .extracting(e -> e.getEndpoint().getAddress().getSocketAddress().getAddress())
          .containsExactlyInAnyOrder("10.1.0.2", "10.1.0.3");
    }
  }

  @Test
  void aNackIsCountedAndLoggedTheServerDoesNotLoopAndTheNextGoodChangeIsDelivered() throws Exception {
    try (SidecarRun run = start(List.of("10.1.0.1"), null); AdsClient client = connect(run)) {
      awaitAccepted(client, List.of(CDS, EDS, LDS, RDS));
      String good = client.acceptedVersion(RDS);
      long rdsBefore = client.receivedOf(RDS);

      client.nackNext(RDS, "route table rejected by the test");
      run.write("ing-web.yaml", ingress("web", WEB, "/refused", "web"));
      Eventually.await("the NACK counted", SERVED, () -> run.sidecar.metrics().xdsNacks(), n -> n == 1);
      sleep(QUIET);
      assertThat(client.receivedOf(RDS)).as("the refused version is sent once, not again").isEqualTo(rdsBefore + 1);
      assertThat(client.acceptedVersion(RDS)).isEqualTo(good);
      DiscoveryResponse refused = client.receivedOfType(RDS).get((int) rdsBefore);
      assertThat(logged.toString(StandardCharsets.UTF_8)).contains("event=xds_nack")
          .contains("refused_version=" + refused.getVersionInfo()).contains("route table rejected by the test");
      assertThat(run.admin("/metrics").text()).contains("ingressc_xds_nacks_total 1");

      run.write("ing-web.yaml", ingress("web", WEB, "/fixed", "web"));
      Eventually.await("the fix accepted", SERVED, () -> client.acceptedVersion(RDS),
          v -> !v.equals(good) && !v.equals(refused.getVersionInfo()));
      assertThat(client.resources(RDS, RouteConfiguration.class).toString()).contains("/fixed");
      assertThat(run.sidecar.metrics().xdsNacks()).isEqualTo(1);
      assertThat(client.errors).isEmpty();
    }
  }

  @Test
  void aResourceSetThatFailsTheProtoCheckIsNotPublishedAndTheLastGoodOneStaysServed() throws Exception {
    try (XdsServer server = new XdsServer("127.0.0.1", 0, Log::write)) {
      XdsPublisher publisher = new XdsPublisher(server, 8080, 8443);
      var ir = Compiler.compileText("t.yaml", service("web", 80, 8080, List.of("10.1.0.1"))
          + ingress("web", WEB, "/", "web"), CompileOptions.defaults());
      XdsPublisher.Published first = publisher.publish(ir.ir(), ir.endpoints());
      assertThat(first.ok()).isTrue();
      assertThat(first.changed()).containsExactlyElementsOf(XdsPublisher.TYPES);
      try (AdsClient client = new AdsClient(server.port()).subscribe()) {
        awaitAccepted(client, List.of(CDS, EDS, LDS, RDS));
        EnvoyResources good = EnvoyTranslator.translateForXds(ir.ir(), ir.endpoints(), 8080, 8443);
        // A connection manager whose typed_config holds a type no registry knows.
        Listener broken = good.listeners().get(0).toBuilder().setFilterChains(0,
            good.listeners().get(0).getFilterChains(0).toBuilder().setFilters(0,
                good.listeners().get(0).getFilterChains(0).getFilters(0).toBuilder()
                    .setTypedConfig(Any.pack(Bootstrap.getDefaultInstance())))).build();
        List<Listener> listeners = new ArrayList<>(good.listeners());
        listeners.set(0, broken);
        EnvoyResources bad = new EnvoyResources(listeners, good.routeConfigurations(), good.clusters(),
            good.loadAssignments(), good.secrets(), good.files());
        long sent = client.received.size();

        XdsPublisher.Published refused = publisher.publish(bad);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.problem()).startsWith("LDS http:");
        assertThat(refused.versions()).isEqualTo(first.versions());
        assertThat(publisher.versions()).isEqualTo(first.versions());
        sleep(QUIET);
        assertThat(client.received).hasSize((int) sent);

        // Unchanged input: same versions, nothing changed, nothing sent.
        XdsPublisher.Published again = publisher.publish(ir.ir(), ir.endpoints());
        assertThat(again.ok()).isTrue();
        assertThat(again.changed()).isEmpty();
        assertThat(again.versions()).isEqualTo(first.versions());
        sleep(Duration.ofMillis(300));
        assertThat(client.received).hasSize((int) sent);
      }
    }
  }

  /** A route table is checked host by host: a bad virtual host is named, and refused like any bad resource. */
  @Test
  void aBadVirtualHostIsRefusedByNameAndTheLastGoodTableStaysServed() throws Exception {
    try (XdsServer server = new XdsServer("127.0.0.1", 0, Log::write)) {
      XdsPublisher publisher = new XdsPublisher(server, 8080, 8443);
      var ir = Compiler.compileText("t.yaml", service("web", 80, 8080, List.of("10.1.0.1"))
          + ingress("web", WEB, "/", "web") + ingress("other", "other.example.com", "/", "web"),
          CompileOptions.defaults());
      XdsPublisher.Published first = publisher.publish(ir.ir(), ir.endpoints());
      assertThat(first.ok()).isTrue();
      EnvoyResources good = EnvoyTranslator.translateForXds(ir.ir(), ir.endpoints(), 8080, 8443);
      var table = good.routeConfigurations().get(0);
      assertThat(table.getVirtualHostsCount()).isGreaterThanOrEqualTo(2);
      var broken = table.toBuilder().setVirtualHosts(1, table.getVirtualHosts(1).toBuilder()
          .putTypedPerFilterConfig("envoy.filters.http.router", Any.pack(Bootstrap.getDefaultInstance()))).build();
      EnvoyResources bad = new EnvoyResources(good.listeners(), List.of(broken), good.clusters(),
          good.loadAssignments(), good.secrets(), good.files());

      XdsPublisher.Published refused = publisher.publish(bad);
      assertThat(refused.ok()).isFalse();
      assertThat(refused.problem()).startsWith("RDS " + table.getName() + " virtual host "
          + table.getVirtualHosts(1).getName() + ":");
      assertThat(publisher.versions()).isEqualTo(first.versions());
    }
  }
}
