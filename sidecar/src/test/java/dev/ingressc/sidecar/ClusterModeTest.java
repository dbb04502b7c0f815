package dev.ingressc.sidecar;

import static dev.ingressc.sidecar.Yaml.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.fixtures.TestCertificates;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
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
 * {@link HaproxyClusterModeTest} and {@link EnvoyClusterModeTest} run the other targets.
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
    return ingressIn(Yaml.NS, name, className, host, path, tlsSecret);
  }

  static String ingressIn(String ns, String name, String className, String host, String path, String tlsSecret) {
    return Yaml.ingress(ns, name, host, path, "web", tlsSecret)
        .replaceFirst("spec:\n", "spec:\n  ingressClassName: " + className + "\n");
  }

  /** Cluster mode on every namespace, leader election on, {@code publish} as the status address. */
  static ClusterConfig clusterConfig(MockCluster cluster, String identity, String publish) {
    return new ClusterConfig(cluster.client(), Optional.empty(), List.of(publish), Optional.empty(), true,
        Yaml.NS, "ingressc-leader", identity, Duration.ofSeconds(2), Optional.of("ingressc-" + identity));
  }

  SidecarRun start(ProxyLauncher proxy, String identity, String publish) throws Exception {
    return start(proxy, clusterConfig(cluster, identity, publish));
  }

  SidecarRun start(ProxyLauncher proxy, ClusterConfig cc) throws Exception {
    SidecarRun run = SidecarRun.prepare("nginx");
    return run.start("nginx", SidecarRun.binary(proxy), c -> c.withCluster(cc));
  }

  /** The same cluster settings with other status sources and a namespace scope. */
  static ClusterConfig scoped(ClusterConfig cc, Optional<String> namespace, List<String> publishAddresses,
      Optional<String> publishService) {
    return new ClusterConfig(cc.client(), namespace, publishAddresses, publishService, cc.leaderElection(),
        cc.electionNamespace(), cc.leaseName(), cc.identity(), cc.leaseDuration(), cc.podName());
  }

  static List<String> status(Ingress i) {
    if (i == null || i.getStatus() == null || i.getStatus().getLoadBalancer() == null
        || i.getStatus().getLoadBalancer().getIngress() == null) {
      return List.of();
    }
    return i.getStatus().getLoadBalancer().getIngress().stream().map(IngressLoadBalancerIngress::getIp).toList();
  }

  /** Each status entry as {@code ip}, {@code hostname} or {@code ip/hostname}. */
  static List<String> addresses(Ingress i) {
    if (i == null || i.getStatus() == null || i.getStatus().getLoadBalancer() == null
        || i.getStatus().getLoadBalancer().getIngress() == null) {
      return List.of();
    }
    return i.getStatus().getLoadBalancer().getIngress().stream().map(a -> a.getIp() == null ? a.getHostname()
        : a.getHostname() == null ? a.getIp() : a.getIp() + "/" + a.getHostname()).sorted().toList();
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
    try (RefusingCheck check = new RefusingCheck(proxy); SidecarRun run = SidecarRun.prepare("nginx").start("nginx",
        check.binary, c -> c.withCluster(clusterConfig(cluster, "a", "192.0.2.10")))) {
      Eventually.await("HTTPS with the good certificate", SERVED, () -> FileWatchContract.served(run),
          c -> FileWatchContract.same(c, good));
      check.refuse(true);
      TestCertificates.Pem other = TestCertificates.selfSigned(List.of(WEB, "other." + WEB));
      cluster.apply(Yaml.tlsSecret("web-tls", other.certificate(), other.key()));
      Eventually.await("a ValidationFailed event on the pod", SERVED, () -> events("ValidationFailed", "ingressc-a"),
          l -> !l.isEmpty());
      assertThat(events("ValidationFailed", "ingressc-a").get(0).getMessage()).contains(RefusingCheck.MESSAGE)
          .doesNotContain("PRIVATE KEY");
      assertThat(FileWatchContract.same(FileWatchContract.served(run), good)).isTrue();
      check.refuse(false);
      TestCertificates.Pem fixed = TestCertificates.selfSigned(List.of(WEB, "fixed." + WEB));
      cluster.apply(Yaml.tlsSecret("web-tls", fixed.certificate(), fixed.key()));
      Eventually.await("HTTPS with the fixed certificate", SERVED, () -> FileWatchContract.served(run),
          c -> FileWatchContract.same(c, fixed));
    }
  }

  /**
   * {@code --namespace default}: the Ingresses, Services and EndpointSlices of team-b are not
   * seen. team-b's Ingress for its own host is not served, its Ingress adding a path to our host
   * does not take that path, and no status is written on either.
   */
  @Test
  void aSidecarLimitedToOneNamespaceServesAndWritesStatusOnlyOnThatNamespacesIngresses(ProxyLauncher proxy)
      throws Exception {
    String teamB = "team-b";
    cluster.apply(Yaml.service(teamB, "web", 80, backends.port(), backends.start("team-b/web:80", 1))
        + ingressIn(teamB, "theirs", "ingressc", "b.example.com", "/", null)
        + ingressIn(teamB, "same-host", "ingressc", WEB, "/b-only", null)
        + ingress("mine", "ingressc", WEB, "/", null));
    ClusterConfig cc = scoped(clusterConfig(cluster, "a", "192.0.2.10"), Optional.of(Yaml.NS), List.of("192.0.2.10"),
        Optional.empty());
    try (SidecarRun run = start(proxy, cc)) {
      run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
      Eventually.await("status of ours", SERVED, () -> status(cluster.ingress("mine")),
          s -> s.equals(List.of("192.0.2.10")));
      // Changes in team-b first, then one in default: once default's is served, team-b's were not taken.
      cluster.apply(ingressIn(teamB, "theirs-2", "ingressc", "b2.example.com", "/", null));
      cluster.apply(ingress("mine-2", "ingressc", "second.example.com", "/", null));
      run.awaitServedBy("second.example.com", "/", "default/web:80", SERVED);
      Eventually.await("status of the second", SERVED, () -> status(cluster.ingress("mine-2")),
          s -> s.equals(List.of("192.0.2.10")));

      assertThat(run.get("b.example.com", "/").status()).isEqualTo(404);
      assertThat(run.get("b2.example.com", "/").status()).isEqualTo(404);
      assertThat(run.get(WEB, "/b-only").echo().path("upstream").asText()).isEqualTo("default/web:80");
      for (String name : List.of("theirs", "same-host", "theirs-2")) {
        assertThat(status(cluster.ingress(teamB, name))).as(name).isEmpty();
      }
    }
  }

  /**
   * {@code --publish-service ingressc/ingressc}, a LoadBalancer Service outside the watched
   * namespace: nothing is written while its load balancer is pending (no cluster IP fallback, as
   * in ingress-nginx), then its status addresses, then their change.
   */
  @Test
  void publishServiceAddressesAreWrittenAndFollowTheServiceWhenTheyChange(ProxyLauncher proxy) throws Exception {
    cluster.apply("""
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: ingressc, namespace: ingressc}
        spec:
          type: LoadBalancer
          clusterIP: 10.96.0.50
          ports: [{name: http, port: 80}]
        """ + ingress("mine", "ingressc", WEB, "/", null));
    ClusterConfig cc = scoped(clusterConfig(cluster, "a", "unused"), Optional.of(Yaml.NS), List.of(),
        Optional.of("ingressc/ingressc"));
    try (SidecarRun run = start(proxy, cc)) {
      run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
      Eventually.await("leading", SERVED, () -> run.sidecar.leading(), l -> l);
      Thread.sleep(1000); // passes run and the lease renews: still nothing to publish
      assertThat(addresses(cluster.ingress("mine"))).isEmpty();

      setLoadBalancer(List.of(new LoadBalancerIngressBuilder().withIp("203.0.113.7").build()), List.of());
      Eventually.await("the load balancer's IP", SERVED, () -> addresses(cluster.ingress("mine")),
          a -> a.equals(List.of("203.0.113.7")));

      setLoadBalancer(List.of(new LoadBalancerIngressBuilder().withIp("203.0.113.8").withHostname("lb.example.net")
          .build()), List.of("198.51.100.4"));
      Eventually.await("the moved load balancer and the external IP", SERVED,
          () -> addresses(cluster.ingress("mine")), a -> a.equals(List.of("198.51.100.4", "203.0.113.8/lb.example.net")));
    }
  }

  private void setLoadBalancer(List<LoadBalancerIngress> points, List<String> externalIps) {
    var services = cluster.client().services().inNamespace("ingressc").withName("ingressc");
    services.edit(s -> new ServiceBuilder(s).editSpec().withExternalIPs(externalIps).endSpec().build());
    services.editStatus(s -> new ServiceBuilder(s).withNewStatus().withNewLoadBalancer().withIngress(points)
        .endLoadBalancer().endStatus().build());
  }
}
