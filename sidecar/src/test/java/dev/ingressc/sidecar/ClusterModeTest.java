package dev.ingressc.sidecar;

import static dev.ingressc.sidecar.Yaml.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.TestCertificates;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode against the fabric8 mock API server (CRUD) and a real nginx: the informers' cache
 * is compiled, status and Events are written, the leader alone writes, and a broken watch recovers.
 */
@RealProxy("nginx")
class ClusterModeTest {
  static final Duration SERVED = Duration.ofSeconds(15);
  static final String WEB = "web.example.com";
  static final String CLASSES = """
      ---
      apiVersion: networking.k8s.io/v1
      kind: IngressClass
      metadata: {name: ingressc}
      spec: {controller: ingressc.dev/ingress-controller}
      ---
      apiVersion: networking.k8s.io/v1
      kind: IngressClass
      metadata: {name: other}
      spec: {controller: example.com/other}
      """;

  MockCluster cluster;
  EchoBackends backends;

  @BeforeEach
  void setUp() {
    cluster = new MockCluster();
    backends = new EchoBackends();
    List<String> web = backends.start("default/web:80", 1);
    cluster.apply(CLASSES + service("web", 80, backends.port(), web));
  }

  @AfterEach
  void tearDown() {
    backends.close();
    cluster.close();
  }

  static String ingress(String name, String className, String host, String path, String tlsSecret) {
    String withClass = Yaml.ingress(name, host, path, "web", tlsSecret)
        .replaceFirst("spec:\n", "spec:\n  ingressClassName: " + className + "\n");
    return withClass;
  }

  SidecarRun start(ProxyLauncher proxy, String identity, String publish) throws Exception {
    SidecarRun run = SidecarRun.prepare("nginx");
    ClusterConfig cc = new ClusterConfig(cluster.client(), Optional.empty(), List.of(publish), Optional.empty(), true,
        Yaml.NS, "ingressc-leader", identity, Duration.ofSeconds(2), Optional.of("ingressc-" + identity));
    return run.start("nginx", SidecarRun.binary(proxy), c -> c.withCluster(cc));
  }

  static List<String> status(Ingress i) {
    if (i == null || i.getStatus() == null || i.getStatus().getLoadBalancer() == null
        || i.getStatus().getLoadBalancer().getIngress() == null) {
      return List.of();
    }
    return i.getStatus().getLoadBalancer().getIngress().stream().map(IngressLoadBalancerIngress::getIp).toList();
  }

  List<Event> events(String reason, String object) {
    return cluster.client().v1().events().inNamespace(Yaml.NS).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()) && object.equals(e.getInvolvedObject().getName())).toList();
  }

  @Test
  void servesOnlyOurClassWritesStatusAfterServingClearsItWhenAnIngressLeavesAndReportsRejections(
      ProxyLauncher proxy) throws Exception {
    cluster.apply(ingress("mine", "ingressc", WEB, "/", null) + ingress("theirs", "other", "theirs.example.com", "/",
        null));
    try (SidecarRun run = start(proxy, "a", "192.0.2.10")) {
      run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
      assertThat(run.get("theirs.example.com", "/").status()).isEqualTo(404);
      Eventually.await("status of ours", SERVED, () -> status(cluster.ingress("mine")),
          s -> s.equals(List.of("192.0.2.10")));
      assertThat(status(cluster.ingress("theirs"))).isEmpty();

      // Rejected: an Event on the Ingress, and the others keep being served.
      cluster.apply(ingress("bad", "ingressc", "bad.example.com", "/x;y", null));
      Eventually.await("a Rejected event on bad", SERVED, () -> events("Rejected", "bad"), l -> !l.isEmpty());
      assertThat(events("Rejected", "bad").get(0).getMessage()).contains("/x;y");
      assertThat(run.get(WEB, "/").status()).isEqualTo(200);
      assertThat(status(cluster.ingress("bad"))).isEmpty();

      // No longer ours: not served, status cleared.
      cluster.apply(ingress("mine", "other", WEB, "/", null));
      run.awaitStatus(WEB, "/", 404, SERVED);
      Eventually.await("status cleared", SERVED, () -> status(cluster.ingress("mine")), List::isEmpty);
      assertThat(status(cluster.ingress("theirs"))).isEmpty();
    }
  }

  @Test
  void createUpdateAndDeleteOfIngressServiceEndpointSliceAndSecretAreServed(ProxyLauncher proxy) throws Exception {
    try (SidecarRun run = start(proxy, "a", "192.0.2.10")) {
      Eventually.await("ready", SERVED, () -> run.sidecar.ready(), r -> r);
      cluster.apply(ingress("mine", "ingressc", WEB, "/", null));
      run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
      cluster.apply(ingress("mine", "ingressc", WEB, "/app", null));
      run.awaitStatus(WEB, "/", 404, SERVED);
      run.awaitServedBy(WEB, "/app", "default/web:80", SERVED);

      String moved = backends.start("default/web:80", 1).get(0);
      cluster.apply(service("web", 80, backends.port(), List.of(moved)));
      Eventually.await("the new endpoint", SERVED, () -> run.get(WEB, "/app").echo().path("endpoint").asText(),
          e -> e.startsWith(moved + ":"));

      TestCertificates.Pem cert = TestCertificates.selfSigned(List.of(WEB));
      cluster.apply(Yaml.tlsSecret("web-tls", cert.certificate(), cert.key())
          + ingress("mine", "ingressc", WEB, "/app", "web-tls"));
      Eventually.await("HTTPS with the Secret's certificate", SERVED, () -> FileWatchContract.served(run),
          c -> FileWatchContract.same(c, cert));

      cluster.client().services().inNamespace(Yaml.NS).withName("web").delete();
      Eventually.await("503 once the Service is gone", SERVED,
          () -> dev.ingressc.testkit.http.HttpProbe.https("127.0.0.1", run.httpsPort, Optional.of(WEB), WEB, "/app")
              .status(), s -> s == 503);
      cluster.client().network().v1().ingresses().inNamespace(Yaml.NS).withName("mine").delete();
      Eventually.await("404 once the Ingress is gone", SERVED, () -> run.get(WEB, "/app").status(), s -> s == 404);
    }
  }

  @Test
  void onlyTheLeaderWritesStatusAndTheOtherReplicaTakesOverWhenItLeaves(ProxyLauncher proxy) throws Exception {
    cluster.apply(ingress("mine", "ingressc", WEB, "/", null));
    try (SidecarRun a = start(proxy, "a", "192.0.2.1")) {
      Eventually.await("a leads", SERVED, () -> a.sidecar.leading(), l -> l);
      try (SidecarRun b = start(proxy, "b", "192.0.2.2")) {
        // Both replicas serve traffic; only a writes.
        b.awaitServedBy(WEB, "/", "default/web:80", SERVED);
        a.awaitServedBy(WEB, "/", "default/web:80", SERVED);
        Eventually.await("a's address", SERVED, () -> status(cluster.ingress("mine")),
            s -> s.equals(List.of("192.0.2.1")));
        cluster.apply(ingress("mine", "ingressc", WEB, "/v2", null)); // a change both replicas serve
        b.awaitStatus(WEB, "/", 404, SERVED);
        Thread.sleep(1000); // a few lease renewals: b must stay a follower that writes nothing
        assertThat(b.sidecar.leading()).isFalse();
        assertThat(status(cluster.ingress("mine"))).containsExactly("192.0.2.1");

        a.close(); // releases the Lease
        Eventually.await("b leads", SERVED, () -> b.sidecar.leading(), l -> l);
        Eventually.await("b's address", SERVED, () -> status(cluster.ingress("mine")),
            s -> s.equals(List.of("192.0.2.2")));
      }
    }
  }

  @Test
  void aBrokenWatchRelistsAndTheChangesMadeMeanwhileAreServed(ProxyLauncher proxy) throws Exception {
    cluster.apply(ingress("mine", "ingressc", WEB, "/", null));
    try (SidecarRun run = start(proxy, "a", "192.0.2.10")) {
      run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
      cluster.restart(); // every watch connection drops
      cluster.apply(ingress("mine", "ingressc", WEB, "/after", null)
          + ingress("second", "ingressc", "second.example.com", "/", null));
      run.awaitServedBy("second.example.com", "/", "default/web:80", Duration.ofSeconds(30));
      run.awaitStatus(WEB, "/", 404, SERVED);
      run.awaitServedBy(WEB, "/after", "default/web:80", SERVED);
      // And the watch works again afterwards.
      cluster.client().network().v1().ingresses().inNamespace(Yaml.NS).withName("second").delete();
      run.awaitStatus("second.example.com", "/", 404, SERVED);
    }
  }

  @Test
  void aSecretTheProxyRefusesIsReportedOnThePodAndTheOldCertificateKeepsServing(ProxyLauncher proxy)
      throws Exception {
    TestCertificates.Pem good = TestCertificates.selfSigned(List.of(WEB));
    cluster.apply(Yaml.tlsSecret("web-tls", good.certificate(), good.key())
        + ingress("mine", "ingressc", WEB, "/", "web-tls"));
    try (SidecarRun run = start(proxy, "a", "192.0.2.10")) {
      Eventually.await("HTTPS with the good certificate", SERVED, () -> FileWatchContract.served(run),
          c -> FileWatchContract.same(c, good));
      TestCertificates.Pem weak = WeakCertificate.forHost(WEB);
      cluster.apply(Yaml.tlsSecret("web-tls", weak.certificate(), weak.key()));
      Eventually.await("a ValidationFailed event on the pod", SERVED, () -> events("ValidationFailed", "ingressc-a"),
          l -> !l.isEmpty());
      assertThat(events("ValidationFailed", "ingressc-a").get(0).getMessage()).contains("ee key too small")
          .doesNotContain("PRIVATE KEY");
      assertThat(FileWatchContract.same(FileWatchContract.served(run), good)).isTrue();
      TestCertificates.Pem fixed = TestCertificates.selfSigned(List.of(WEB, "fixed." + WEB));
      cluster.apply(Yaml.tlsSecret("web-tls", fixed.certificate(), fixed.key()));
      Eventually.await("HTTPS with the fixed certificate", SERVED, () -> FileWatchContract.served(run),
          c -> FileWatchContract.same(c, fixed));
    }
  }
}
