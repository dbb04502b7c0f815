package dev.ingressc.sidecar;

import static dev.ingressc.sidecar.Yaml.ingress;
import static dev.ingressc.sidecar.Yaml.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler.Compilation;
import dev.ingressc.sidecar.cluster.ClusterReporter;
import dev.ingressc.sidecar.cluster.EventRecorder;
import dev.ingressc.sidecar.cluster.LeaderGate;
import dev.ingressc.sidecar.cluster.StatusPublisher;
import dev.ingressc.sidecar.source.ClusterSource;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Status is written off the reconcile loop: with an API server that never answers a status write,
 * telling the reporter a configuration is served still returns at once, so the next change is not
 * held back by thousands of pending writes.
 */
class StatusOffTheLoopTest {
  @Test
  void aServedConfigurationDoesNotWaitForItsStatusWrites() throws Exception {
    try (MockCluster cluster = new MockCluster(); ServerSocket blackhole = new ServerSocket(0)) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(blackhole.accept()); // and never answer
          }
        } catch (java.io.IOException e) {
          // closed
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      cluster.apply(service("web", 80, 8080, List.of("10.1.0.1")) + "---\n" + ingress("web", "web.example.com", "/", "web"));
      KubernetesClient silent = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
          .withMasterUrl("http://127.0.0.1:" + blackhole.getLocalPort()).withRequestTimeout(60_000)
          .withRequestRetryBackoffLimit(0).build()).build();
      try (ClusterSource source = new ClusterSource(cluster.client(), Optional.empty());
          ClusterReporter reporter = new ClusterReporter(source, new StatusPublisher(silent, List.of("192.0.2.10"),
              Optional.empty()), new EventRecorder(silent, "test"), LeaderGate.alwaysLeader(), "default",
              Optional.empty())) {
        source.start(() -> { });
        Compilation c = source.compile(CompileOptions.defaults()).compilation();
        assertThat(c.takenIngresses()).containsExactly("default/web");

        CompletableFuture<Void> served = CompletableFuture.runAsync(() -> reporter.served(c, 1));
        served.get(5, TimeUnit.SECONDS); // a write on the caller's thread would block for 60 s
        // The write did start, on the reporter's own thread: the silent server got a connection.
        Eventually.await("a status request reached the API server", java.time.Duration.ofSeconds(10),
            () -> accepted.size(), n -> n > 0);
      } finally {
        silent.close();
        for (Socket s : accepted) {
          s.close();
        }
      }
    }
  }
}
