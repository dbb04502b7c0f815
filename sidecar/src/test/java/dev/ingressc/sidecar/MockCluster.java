package dev.ingressc.sidecar;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * A fabric8 mock API server in CRUD mode. Its state lives in the dispatcher, so the server can be
 * stopped and started again on the same port with the same objects: every open watch breaks.
 */
final class MockCluster implements AutoCloseable {
  private final KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher();
  private final List<KubernetesClient> clients = new ArrayList<>();
  private KubernetesMockServer server;
  private int port;

  MockCluster() {
    server = newServer();
    server.init();
    port = server.getPort();
  }

  private KubernetesMockServer newServer() {
    return new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
  }

  /** A new client (each sidecar gets its own, as each replica would). */
  KubernetesClient client() {
    KubernetesClient c = server.createClient();
    clients.add(c);
    return c;
  }

  /** A new client that names itself {@code userAgent}, so its requests can be told from the others'. */
  KubernetesClient client(String userAgent) {
    KubernetesClient c = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
        new io.fabric8.kubernetes.client.ConfigBuilder(server.createClient().getConfiguration()).withUserAgent(userAgent)
            .build()).build();
    clients.add(c);
    return c;
  }

  /** Every request the server has received since the last call, oldest first. */
  List<io.fabric8.mockwebserver.http.RecordedRequest> takeRequests() throws InterruptedException {
    List<io.fabric8.mockwebserver.http.RecordedRequest> out = new ArrayList<>();
    for (var r = server.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS); r != null;
        r = server.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      out.add(r);
    }
    return out;
  }

  /** Stops the server (breaking every watch) and starts a new one on the same port with the same objects. */
  void restart() throws Exception {
    server.destroy();
    server = newServer();
    server.init(InetAddress.getByName("127.0.0.1"), port);
  }

  /**
   * Creates or updates every object in {@code yaml}. An update reads the latest version first, so
   * the sidecar writing an Ingress's status in between makes it conflict (409): it is retried, a
   * bounded number of times, as kubectl would.
   */
  void apply(String yaml) {
    KubernetesClient c = client();
    for (HasMetadata o : c.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      for (int attempt = 1; ; attempt++) {
        try {
          c.resource(o).createOr(NonDeletingOperation::update);
          break;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
          if (e.getCode() != 409 || attempt == 5) {
            throw e;
          }
        }
      }
    }
  }

  Ingress ingress(String name) {
    return ingress(Yaml.NS, name);
  }

  Ingress ingress(String namespace, String name) {
    return client().network().v1().ingresses().inNamespace(namespace).withName(name).get();
  }

  @Override
  public void close() {
    clients.forEach(KubernetesClient::close);
    server.destroy();
  }
}
