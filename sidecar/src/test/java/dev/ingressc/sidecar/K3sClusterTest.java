package dev.ingressc.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The sidecar against a real kube-apiserver (k3s in Docker) and a real nginx on this host: the
 * informers list and watch a real API server, an Ingress of our class is served, its status is
 * written, and an update is served. The backend Service has no endpoints on purpose (pods in k3s
 * are not reachable from the host's nginx), so the Ingress's route answers 503 where an unknown
 * host answers 404: that difference is what proves the route is served.
 *
 * <p>Runs only where a Docker engine is reachable (not on the development machine, which has
 * none): {@code mvn -B -pl sidecar -am test -Dtest=K3sClusterTest}. The first run pulls {@value #IMAGE}.
 */
@EnabledIf(value = "dev.ingressc.testkit.proxy.ContainerProxyLauncher#dockerAvailable",
    disabledReason = "no Docker engine reachable: the k3s test runs rancher/k3s in a container")
@RealProxy("nginx")
class K3sClusterTest {
  static final String IMAGE = "rancher/k3s:v1.31.4-k3s1";
  static final Duration SERVED = Duration.ofSeconds(60);
  static final String HOST = "web.example.com";

  private static void apply(KubernetesClient client, String yaml) {
    for (HasMetadata o : client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      client.resource(o).createOr(NonDeletingOperation::update);
    }
  }

  private static String ingress(String path) {
    return """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: default}
        spec:
          ingressClassName: ingressc
          rules:
          - host: %s
            http: {paths: [{path: %s, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
        """.formatted(HOST, path);
  }

  @Test
  void aRealApiServerIsWatchedTheIngressIsServedItsStatusWrittenAndAnUpdateServed(ProxyLauncher proxy)
      throws Exception {
    try (K3sContainer k3s = new K3sContainer(DockerImageName.parse(IMAGE))) {
      k3s.start();
      Config config = Config.fromKubeconfig(k3s.getKubeConfigYaml());
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
        apply(client, """
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata: {name: ingressc}
            spec: {controller: ingressc.dev/ingress-controller}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: default}
            spec: {ports: [{name: http, port: 80}]}
            ---
            """ + ingress("/"));
        ClusterConfig cc = new ClusterConfig(client, Optional.empty(), List.of("192.0.2.10"), Optional.empty(), true,
            "default", "ingressc-leader", "k3s-test", Duration.ofSeconds(15), Optional.empty());
        try (SidecarRun run = SidecarRun.prepare("nginx").start("nginx", SidecarRun.binary(proxy),
            c -> c.withCluster(cc))) {
          run.awaitStatus(HOST, "/", 503, SERVED);
          assertThat(run.get("unknown.example.com", "/").status()).isEqualTo(404);
          Eventually.await("status written", SERVED, () -> ClusterModeTest.status(
              client.network().v1().ingresses().inNamespace("default").withName("web").get()),
              s -> s.equals(List.of("192.0.2.10")));

          apply(client, ingress("/only"));
          run.awaitStatus(HOST, "/", 404, SERVED);
          assertThat(run.get(HOST, "/only/x").status()).isEqualTo(503);
          Ingress served = client.network().v1().ingresses().inNamespace("default").withName("web").get();
          assertThat(ClusterModeTest.status(served)).containsExactly("192.0.2.10");
        }
      }
    }
  }
}
