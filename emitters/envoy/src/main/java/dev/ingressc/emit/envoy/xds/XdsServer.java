package dev.ingressc.emit.envoy.xds;

import dev.ingressc.emit.live.LiveEvents;
import dev.ingressc.emit.live.LiveLog;
import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.DefaultExecutorGroup;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The xDS server Envoy connects to: java-control-plane's {@link V3DiscoveryServer} over a
 * {@link SimpleCache} that holds one snapshot for every node (the sidecar serves one
 * configuration), with ADS and the per-type services, on a gRPC port.
 *
 * <p>NACKs: a request with {@code error_detail} says the client refused the response named by its
 * nonce. SimpleCache alone would answer it at once with the same snapshot (the client's version is
 * still the old one), and client and server would loop. Here a NACK is counted and logged, and its
 * watch is opened as if the refused version were known to the client: nothing is re-sent until the
 * next snapshot changes that type.
 *
 * <p>What a node serves: every state-of-the-world request carries, in {@code version_info}, the
 * version of that type the node has applied (an ACK names the version just accepted; a NACK, the
 * older one it keeps). Versions are content hashes, so a stream whose applied versions equal the
 * snapshot's, for every type the snapshot holds resources of, serves that snapshot. That is when
 * {@link LiveEvents#pushServed} runs, and what Ingress status waits for. One ADS stream must hold every type,
 * as the bootstrap {@code ingressc compile --xds} writes asks for.
 */
public final class XdsServer implements AutoCloseable {
  /** Every node shares the one snapshot. */
  static final String GROUP = "ingressc";
  /** The types a snapshot holds, as {@link XdsPublisher#TYPES} names them. */
  private static final Map<String, String> TYPE_URLS = typeUrls();

  private final SimpleCache<String> cache = new SimpleCache<>(node -> GROUP);
  private final LiveLog log;
  private final LiveEvents events;
  /** The version of the last response sent per stream and type URL: what a NACK on that stream refuses. */
  private final Map<String, String> lastSent = new ConcurrentHashMap<>();
  /** The version of each type each stream's node has applied, from its latest request. */
  private final Map<Long, Map<String, String>> applied = new ConcurrentHashMap<>();
  /** Handed from the request callback to {@link #createWatch} on the same gRPC thread. */
  private final ThreadLocal<Nack> pendingNack = new ThreadLocal<>();
  private final Server server;

  private record Nack(DiscoveryRequest request, String refusedVersion) {}

  /**
   * Binds and starts serving (with no snapshot yet: requests wait).
   *
   * @param bindAddress e.g. {@code 0.0.0.0} in a pod, {@code 127.0.0.1} in tests
   * @param port 0 picks a free port
   */
  public XdsServer(String bindAddress, int port, LiveLog log) throws IOException {
    this(bindAddress, port, log, new LiveEvents() { });
  }

  /**
   * @param events hears (on a gRPC thread; it must not block) each time a stream has come to
   *     serve the current snapshot ({@link LiveEvents#pushServed}, see {@link #snapshotServed}),
   *     and each NACK ({@link LiveEvents#pushRefused})
   */
  public XdsServer(String bindAddress, int port, LiveLog log, LiveEvents events) throws IOException {
    this.log = log;
    this.events = events;
    V3DiscoveryServer discovery = new V3DiscoveryServer(List.of(new Callbacks()), new NackAwareWatcher(),
        new DefaultExecutorGroup(), new RouteTableSerializer());
    server = NettyServerBuilder.forAddress(new InetSocketAddress(bindAddress, port))
        .addService(discovery.getAggregatedDiscoveryServiceImpl())
        .addService(discovery.getListenerDiscoveryServiceImpl())
        .addService(discovery.getRouteDiscoveryServiceImpl())
        .addService(discovery.getClusterDiscoveryServiceImpl())
        .addService(discovery.getEndpointDiscoveryServiceImpl())
        .addService(discovery.getSecretDiscoveryServiceImpl())
        .maxInboundMessageSize(64 * 1024 * 1024)
        .build()
        .start();
  }

  public int port() {
    return server.getPort();
  }

  /** Publishes a snapshot to every node; watches whose type version changed are answered now. */
  void setSnapshot(Snapshot snapshot) {
    cache.setSnapshot(GROUP, snapshot);
  }

  Optional<Snapshot> snapshot() {
    return Optional.ofNullable(cache.getSnapshot(GROUP));
  }

  /**
   * Whether some connected node has applied the current snapshot: on one stream, the snapshot's
   * version of every type it holds resources of (a type with none, e.g. SDS without TLS hosts,
   * is never asked for). False with no snapshot or no node.
   */
  public boolean snapshotServed() {
    Optional<Snapshot> s = snapshot();
    return s.isPresent() && applied.values().stream().anyMatch(versions -> serves(versions, s.get()));
  }

  private static boolean serves(Map<String, String> versions, Snapshot s) {
    for (String type : TYPE_URLS.values()) {
      if (!s.resources(type).isEmpty() && !s.version(type).equals(versions.get(type))) {
        return false;
      }
    }
    return true;
  }

  /** Records the version a request says its node applied; tells the events when that completes the snapshot. */
  private void recordApplied(long streamId, DiscoveryRequest request) {
    Map<String, String> versions = applied.computeIfAbsent(streamId, id -> new ConcurrentHashMap<>());
    String before = versions.put(request.getTypeUrl(), request.getVersionInfo());
    if (request.getVersionInfo().equals(before)) {
      return; // a re-subscription or a NACK: nothing newly applied
    }
    Optional<Snapshot> s = snapshot();
    if (s.isPresent() && serves(versions, s.get())) {
      Map<String, String> served = new LinkedHashMap<>();
      TYPE_URLS.forEach((name, url) -> served.put(name, s.get().version(url)));
      log.info("xds_served", "stream", streamId, "node", request.getNode().getId(), "versions", served);
      events.pushServed();
    }
  }

  private static String key(long streamId, String typeUrl) {
    return streamId + " " + typeUrl;
  }

  private final class Callbacks implements DiscoveryServerCallbacks {
    @Override
    public void onStreamOpen(long streamId, String typeUrl) {
      log.info("xds_stream_open", "stream", streamId, "type", typeUrl.isEmpty() ? "ads" : shortType(typeUrl));
    }

    @Override
    public void onStreamClose(long streamId, String typeUrl) {
      forget(streamId);
    }

    @Override
    public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
      forget(streamId);
    }

    private void forget(long streamId) {
      lastSent.keySet().removeIf(k -> k.startsWith(streamId + " "));
      applied.remove(streamId);
    }

    @Override
    public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
      pendingNack.remove();
      recordApplied(streamId, request);
      if (!request.hasErrorDetail()) {
        return;
      }
      String type = request.getTypeUrl();
      String refused = lastSent.get(key(streamId, type));
      events.pushRefused();
      boolean secret = type.equals(Resources.V3.SECRET_TYPE_URL);
      // Envoy's message can quote the refused resource; for secrets that could be key material.
      String detail = secret ? "(not logged for secrets)" : truncate(request.getErrorDetail().getMessage(), 500);
      log.error("xds_nack", "stream", streamId, "node", request.getNode().getId(), "type", shortType(type),
          "refused_version", refused == null ? "unknown" : refused, "accepted_version", request.getVersionInfo(),
          "nonce", request.getResponseNonce(), "code", request.getErrorDetail().getCode(), "detail", detail,
          "action", "not re-sent until the next change of this type");
      if (refused != null) {
        pendingNack.set(new Nack(request, refused));
      }
    }

    @Override
    public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
      // Incremental xDS is served as java-control-plane does it; the bootstrap asks for state of the world.
    }

    @Override
    public void onV3StreamResponse(long streamId, DiscoveryRequest request, DiscoveryResponse response) {
      lastSent.put(key(streamId, response.getTypeUrl()), response.getVersionInfo());
    }
  }

  /** The cache, except that a NACK opens a watch at the refused version instead of being answered again. */
  private final class NackAwareWatcher implements ConfigWatcher {
    @Override
    public Watch createWatch(boolean ads, XdsRequest request, Set<String> knownResourceNames,
        Consumer<Response> responseConsumer, boolean hasClusterChanged, boolean allowDefaultEmptyEdsUpdate) {
      Nack nack = pendingNack.get();
      pendingNack.remove();
      if (nack != null && nack.request() == request.v3Request()) {
        DiscoveryRequest asIfKnown = request.v3Request().toBuilder().setVersionInfo(nack.refusedVersion()).build();
        // The refused names count as known, or the cache would answer them again as newly asked for.
        Set<String> known = new HashSet<>(knownResourceNames);
        known.addAll(asIfKnown.getResourceNamesList());
        return cache.createWatch(ads, XdsRequest.create(asIfKnown), known, responseConsumer, false,
            allowDefaultEmptyEdsUpdate);
      }
      return cache.createWatch(ads, request, knownResourceNames, responseConsumer, hasClusterChanged,
          allowDefaultEmptyEdsUpdate);
    }

    @Override
    public DeltaWatch createDeltaWatch(DeltaXdsRequest request, String requesterVersion,
        Map<String, String> resourceVersions, Set<String> pendingResources, boolean isWildcard,
        Consumer<DeltaResponse> responseConsumer, boolean hasClusterChanged) {
      return cache.createDeltaWatch(request, requesterVersion, resourceVersions, pendingResources, isWildcard,
          responseConsumer, hasClusterChanged);
    }
  }

  private static Map<String, String> typeUrls() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("CDS", Resources.V3.CLUSTER_TYPE_URL);
    m.put("EDS", Resources.V3.ENDPOINT_TYPE_URL);
    m.put("LDS", Resources.V3.LISTENER_TYPE_URL);
    m.put("RDS", Resources.V3.ROUTE_TYPE_URL);
    m.put("SDS", Resources.V3.SECRET_TYPE_URL);
    return Collections.unmodifiableMap(m);
  }

  static String shortType(String typeUrl) {
    int dot = typeUrl.lastIndexOf('.');
    return dot < 0 ? typeUrl : typeUrl.substring(dot + 1);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
  }
}
