package dev.ingressc.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Status;
import dev.ingressc.emit.envoy.EnvoyResources;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An ADS client that behaves as Envoy does on one aggregated stream (state of the world): it asks
 * for clusters and listeners, then for the endpoints, route tables and secrets they name; it ACKs
 * every response with that response's version and nonce, or NACKs one when told to (the last
 * accepted version, the refused nonce, and an error_detail), and re-subscribes when the names it
 * needs change. Everything received is recorded. A silent client ({@link #silent}) asks the same
 * first questions but never answers a response: it ACKs nothing.
 */
final class AdsClient implements AutoCloseable {
  static final String CDS = Resources.V3.CLUSTER_TYPE_URL;
  static final String EDS = Resources.V3.ENDPOINT_TYPE_URL;
  static final String LDS = Resources.V3.LISTENER_TYPE_URL;
  static final String RDS = Resources.V3.ROUTE_TYPE_URL;
  static final String SDS = Resources.V3.SECRET_TYPE_URL;
  static final List<String> TYPES = List.of(CDS, EDS, LDS, RDS, SDS);

  private final ManagedChannel channel;
  private final StreamObserver<DiscoveryRequest> requests;
  private final Node node = Node.newBuilder().setId("test-envoy").setCluster("ingressc").build();
  /** Every response received, in order. */
  final List<DiscoveryResponse> received = new CopyOnWriteArrayList<>();
  /** Every request sent, in order. */
  final List<DiscoveryRequest> sent = new CopyOnWriteArrayList<>();
  /** The last accepted response per type. */
  final Map<String, DiscoveryResponse> accepted = new ConcurrentHashMap<>();
  private final Map<String, String> lastNonce = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> subscribed = new ConcurrentHashMap<>();
  private final Map<String, String> nackNext = new ConcurrentHashMap<>();
  final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final boolean answers;

  AdsClient(int port) {
    this(port, true);
  }

  /** A client that receives but never ACKs (nor NACKs, nor asks for more). */
  static AdsClient silent(int port) {
    return new AdsClient(port, false);
  }

  private AdsClient(int port, boolean answers) {
    this.answers = answers;
    channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .maxInboundMessageSize(64 * 1024 * 1024).build();
    requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new StreamObserver<>() {
      @Override
      public void onNext(DiscoveryResponse r) {
        received.add(r);
        onResponse(r);
      }

      @Override
      public void onError(Throwable t) {
        errors.add(t);
      }

      @Override
      public void onCompleted() {
      }
    });
  }

  /** Starts as Envoy does: clusters and listeners (wildcard). */
  AdsClient subscribe() {
    request(CDS, Set.of());
    request(LDS, Set.of());
    return this;
  }

  /** The next response of this type is refused with this message. */
  void nackNext(String typeUrl, String message) {
    nackNext.put(typeUrl, message);
  }

  String acceptedVersion(String typeUrl) {
    DiscoveryResponse r = accepted.get(typeUrl);
    return r == null ? "" : r.getVersionInfo();
  }

  long receivedOf(String typeUrl) {
    return received.stream().filter(r -> r.getTypeUrl().equals(typeUrl)).count();
  }

  List<DiscoveryResponse> receivedOfType(String typeUrl) {
    return received.stream().filter(r -> r.getTypeUrl().equals(typeUrl)).toList();
  }

  <T extends com.google.protobuf.Message> List<T> resources(String typeUrl, Class<T> type) {
    DiscoveryResponse r = accepted.get(typeUrl);
    List<T> out = new ArrayList<>();
    if (r != null) {
      for (Any a : r.getResourcesList()) {
        out.add(unpack(a, type));
      }
    }
    return out;
  }

  private synchronized void onResponse(DiscoveryResponse r) {
    if (!answers) {
      return;
    }
    String type = r.getTypeUrl();
    lastNonce.put(type, r.getNonce());
    String nack = nackNext.remove(type);
    if (nack != null) {
      DiscoveryResponse last = accepted.get(type);
      send(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(type)
          .setVersionInfo(last == null ? "" : last.getVersionInfo())
          .setResponseNonce(r.getNonce())
          .addAllResourceNames(subscribed.getOrDefault(type, Set.of()))
          .setErrorDetail(Status.newBuilder().setCode(3).setMessage(nack))
          .build());
      return;
    }
    accepted.put(type, r);
    send(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(type).setVersionInfo(r.getVersionInfo())
        .setResponseNonce(r.getNonce()).addAllResourceNames(subscribed.getOrDefault(type, Set.of())).build());
    if (type.equals(CDS)) {
      Set<String> eds = new TreeSet<>();
      for (Any a : r.getResourcesList()) {
        Cluster c = unpack(a, Cluster.class);
        if (c.getType() == Cluster.DiscoveryType.EDS) {
          eds.add(c.getName());
        }
      }
      resubscribe(EDS, eds);
    } else if (type.equals(LDS)) {
      Set<String> routes = new TreeSet<>();
      Set<String> secrets = new TreeSet<>();
      for (Any a : r.getResourcesList()) {
        Listener l = unpack(a, Listener.class);
        List<FilterChain> chains = new ArrayList<>(l.getFilterChainsList());
        if (l.hasDefaultFilterChain()) {
          chains.add(l.getDefaultFilterChain());
        }
        for (FilterChain fc : chains) {
          for (Filter f : fc.getFiltersList()) {
            routes.add(unpack(f.getTypedConfig(), HttpConnectionManager.class).getRds().getRouteConfigName());
          }
          if (fc.hasTransportSocket()) {
            unpack(fc.getTransportSocket().getTypedConfig(), DownstreamTlsContext.class).getCommonTlsContext()
                .getTlsCertificateSdsSecretConfigsList().forEach(s -> secrets.add(s.getName()));
          }
        }
      }
      resubscribe(RDS, routes);
      resubscribe(SDS, secrets);
    }
  }

  /** Asks for a new set of names, as Envoy does when a cluster or listener update names other ones. */
  private void resubscribe(String type, Set<String> names) {
    if (names.equals(subscribed.get(type))) {
      return;
    }
    if (names.isEmpty() && !subscribed.containsKey(type)) {
      return;
    }
    request(type, names);
  }

  private void request(String type, Set<String> names) {
    subscribed.put(type, Collections.unmodifiableSet(new TreeSet<>(names)));
    DiscoveryResponse last = accepted.get(type);
    send(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(type)
        .setVersionInfo(last == null ? "" : last.getVersionInfo())
        .setResponseNonce(lastNonce.getOrDefault(type, ""))
        .addAllResourceNames(names).build());
  }

  private void send(DiscoveryRequest r) {
    sent.add(r);
    synchronized (requests) {
      requests.onNext(r);
    }
  }

  static <T extends com.google.protobuf.Message> T unpack(Any a, Class<T> type) {
    try {
      return a.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    try {
      synchronized (requests) {
        requests.onCompleted();
      }
    } catch (RuntimeException ignored) {
      // already closed
    }
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** The client holds exactly the listeners, route tables, clusters and endpoints of {@code expected}. */
  void assertHolds(EnvoyResources expected) {
    assertThat(resources(LDS, Listener.class)).containsExactlyInAnyOrderElementsOf(expected.listeners());
    assertThat(resources(RDS, RouteConfiguration.class))
        .containsExactlyInAnyOrderElementsOf(expected.routeConfigurations());
    assertThat(resources(CDS, Cluster.class)).containsExactlyInAnyOrderElementsOf(expected.clusters());
    assertThat(resources(EDS, ClusterLoadAssignment.class))
        .containsExactlyInAnyOrderElementsOf(expected.loadAssignments());
  }
}
