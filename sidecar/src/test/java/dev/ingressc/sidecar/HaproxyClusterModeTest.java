package dev.ingressc.sidecar;

import static dev.ingressc.sidecar.ClusterModeTest.CLASSES;
import static dev.ingressc.sidecar.ClusterModeTest.SERVED;
import static dev.ingressc.sidecar.ClusterModeTest.WEB;
import static dev.ingressc.sidecar.ClusterModeTest.ingress;
import static dev.ingressc.sidecar.ClusterModeTest.status;
import static dev.ingressc.sidecar.HaproxyFileWatchTest.awaitEndpoints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cluster mode with a real HAProxy against the fabric8 mock API server (CRUD). */
@RealProxy("haproxy")
class HaproxyClusterModeTest {
  MockCluster cluster;
  EchoBackends backends;
  List<String> endpoints;

  @BeforeEach
  void setUp() {
    cluster = new MockCluster();
    backends = new EchoBackends();
    endpoints = backends.start("default/web:80", 3);
    cluster.apply(CLASSES + Yaml.service("web", 80, backends.port(), List.of(endpoints.get(0))));
  }

  @AfterEach
  void tearDown() {
    backends.close();
    cluster.close();
  }

  /**
   * An Ingress created, then EndpointSlice-only changes that fit the free server slots, then an
   * Ingress update and delete: after the first start, every change goes through the runtime API
   * and the reload counter does not move.
   */
  @Test
  void afterTheStartEndpointSliceAndIngressChangesGoThroughTheRuntimeApi(ProxyLauncher proxy)
      throws Exception {
    ClusterConfig cc = ClusterModeTest.clusterConfig(cluster, "a", "192.0.2.10");
    try (SidecarRun run = SidecarRun.prepare("haproxy").start("haproxy", SidecarRun.binary(proxy),
        c -> c.withCluster(cc))) {
      Eventually.await("ready", SERVED, () -> run.sidecar.ready(), r -> r);
      cluster.apply(ingress("mine", "ingressc", WEB, "/", null));
      run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
      Eventually.await("status", SERVED, () -> status(cluster.ingress("mine")), s -> s.equals(List.of("192.0.2.10")));
      long reloads = run.sidecar.metrics().reloads();
      long updates = run.sidecar.metrics().runtimeUpdates();

      cluster.apply(Yaml.endpointSlice(Yaml.NS, "web", backends.port(), List.of(endpoints.get(0), endpoints.get(1))));
      awaitEndpoints(run, backends, Set.of(endpoints.get(0), endpoints.get(1)));
      Eventually.await("a runtime update", SERVED, () -> run.sidecar.metrics().runtimeUpdates(), n -> n == updates + 1);
      cluster.apply(Yaml.endpointSlice(Yaml.NS, "web", backends.port(), List.of(endpoints.get(1), endpoints.get(2))));
      awaitEndpoints(run, backends, Set.of(endpoints.get(1), endpoints.get(2)));
      Eventually.await("a second runtime update", SERVED, () -> run.sidecar.metrics().runtimeUpdates(), n -> n == updates + 2);
      assertThat(run.sidecar.metrics().reloads()).as("reloads after endpoint-only changes").isEqualTo(reloads);

      cluster.apply(ingress("mine", "ingressc", WEB, "/app", null));
      run.awaitStatus(WEB, "/", 404, SERVED);
      run.awaitServedBy(WEB, "/app", "default/web:80", SERVED);
      cluster.client().network().v1().ingresses().inNamespace(Yaml.NS).withName("mine").delete();
      run.awaitStatus(WEB, "/app", 404, SERVED);
      Eventually.await("four runtime updates", SERVED, () -> run.sidecar.metrics().runtimeUpdates(), n -> n == updates + 4);
      assertThat(run.sidecar.metrics().reloads()).as("reloads after the start").isEqualTo(reloads);
      assertThat(run.sidecar.metrics().reloadsFailed()).isZero();
    }
  }
}
