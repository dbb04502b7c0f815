package dev.ingressc.sidecar;

import static dev.ingressc.sidecar.Yaml.ingress;
import static dev.ingressc.sidecar.Yaml.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.sidecar.source.ClusterSource;
import dev.ingressc.sidecar.source.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The cluster source asks for a pass only once every kind is listed, so no pass serves half the cluster. */
class ClusterSourceTest {
  @Test
  void noChangeIsSignalledBeforeEveryInformerHasListed() throws Exception {
    try (MockCluster cluster = new MockCluster()) {
      cluster.apply(service("web", 80, 8080, List.of("10.1.0.1")) + "---\n" + ingress("web", "web.example.com", "/", "web"));
      List<Map<String, Long>> seen = new CopyOnWriteArrayList<>();
      try (ClusterSource source = new ClusterSource(cluster.client(), Optional.empty())) {
        source.start(() -> seen.add(source.compile(CompileOptions.defaults()).counts()));

        assertThat(seen).isNotEmpty();
        assertThat(seen).allSatisfy(counts -> assertThat(counts)
            .containsEntry("Ingress", 1L).containsEntry("Service", 1L).containsEntry("EndpointSlice", 1L));
        Snapshot now = source.compile(CompileOptions.defaults());
        assertThat(now.unusable()).isEmpty();
        assertThat(now.compilation().takenIngresses()).hasSize(1);
      }
    }
  }
}
