package dev.ingressc.sidecar;

import static dev.ingressc.sidecar.ClusterModeTest.CLASSES;
import static dev.ingressc.sidecar.ClusterModeTest.SERVED;
import static dev.ingressc.sidecar.ClusterModeTest.WEB;
import static dev.ingressc.sidecar.ClusterModeTest.ingress;
import static dev.ingressc.sidecar.HaproxyFileWatchTest.awaitEndpoints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Cluster mode with nginx in the lua format against the fabric8 mock API server (CRUD). */
@RealProxy("nginx-lua")
class NginxLuaClusterModeTest {

  /**
   * EndpointSlice changes from the API server, including one that leaves no ready endpoint, are
   * posted to nginx with no reload; an Ingress change reloads.
   */
  @Test
  void endpointSliceChangesArePostedToNginxAndAnIngressChangeReloads(ProxyLauncher proxy) throws Exception {
    try (MockCluster cluster = new MockCluster(); EchoBackends backends = new EchoBackends()) {
      List<String> endpoints = backends.start("default/web:80", 3);
      cluster.apply(CLASSES + Yaml.service("web", 80, backends.port(), List.of(endpoints.get(0))));
      ClusterConfig cc = ClusterModeTest.clusterConfig(cluster, "a", "192.0.2.10");
      try (SidecarRun run = SidecarRun.prepare("nginx").start("nginx", SidecarRun.binary(proxy),
          c -> c.withCluster(cc).withFormat(Optional.of("lua")))) {
        Eventually.await("ready", SERVED, () -> run.sidecar.ready(), r -> r);
        cluster.apply(ingress("mine", "ingressc", WEB, "/", null));
        run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
        long reloads = run.sidecar.metrics().reloads();
        long updates = run.sidecar.metrics().runtimeUpdates();

        cluster.apply(Yaml.endpointSlice(Yaml.NS, "web", backends.port(), List.of(endpoints.get(1), endpoints.get(2))));
        awaitEndpoints(run, backends, Set.of(endpoints.get(1), endpoints.get(2)));
        cluster.apply(Yaml.endpointSlice(Yaml.NS, "web", backends.port(), List.of()));
        run.awaitStatus(WEB, "/", 503, SERVED);
        cluster.apply(Yaml.endpointSlice(Yaml.NS, "web", backends.port(), List.of(endpoints.get(0))));
        awaitEndpoints(run, backends, Set.of(endpoints.get(0)));
        Eventually.await("three posted updates", SERVED, () -> run.sidecar.metrics().runtimeUpdates(),
            n -> n == updates + 3);
        assertThat(run.sidecar.metrics().reloads()).as("reloads after endpoint-only changes").isEqualTo(reloads);

        cluster.apply(ingress("mine", "ingressc", WEB, "/app", null));
        run.awaitStatus(WEB, "/", 404, SERVED);
        run.awaitServedBy(WEB, "/app", "default/web:80", SERVED);
        Eventually.await("a reload", SERVED, () -> run.sidecar.metrics().reloads(), n -> n == reloads + 1);
        assertThat(run.sidecar.metrics().reloadsFailed()).isZero();
      }
    }
  }
}
