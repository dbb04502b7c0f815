package dev.ingressc.emit.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * An interpreter of Envoy's documented matching rules over an emitted bootstrap: which listener,
 * filter chain, certificate, virtual host, route and cluster a request reaches. It reads only the
 * protos (and the files they name) and never the translator's code, so it can disagree with it.
 *
 * <p>It implements exactly the features the translator may use and throws on any other match
 * criterion, so an unexpected construct fails a test instead of being silently misread.
 *
 * <p>This class follows a request through the steps; each step's rules live in a sibling:
 * {@link EnvoyFilterChains}, {@link EnvoyBeforeRouting}, {@link EnvoyClientAddressModel}, {@link EnvoyRouteMatching},
 * {@link EnvoyHttpFilters} (the Lua filter: {@link EnvoyLuaModel}), {@link EnvoyRouteActions}, {@link EnvoyClusters}
 * and {@link EnvoyLocalReplies}.
 */
final class EnvoyInterpreter {
  /**
   * A request as a client sends it.
   *
   * @param port the port connected to
   * @param tls whether the client speaks TLS
   * @param sni the TLS server name the client sends, if any
   * @param host the Host header, verbatim
   * @param path the request target, with its query
   * @param upgrade the HTTP/1.1 Upgrade header (with {@code Connection: upgrade}), if any
   * @param headers other header fields, each once, by lower-case name (a canary's header, Cookie)
   * @param source the client's address, an IPv4 or IPv6 literal: the connection's peer (the
   *     listener's address family is not modelled: a 0.0.0.0 listener takes no IPv6 client)
   * @param body the request body's length in bytes; 0: none
   * @param method the request method as sent (GET unless said)
   */
  record Request(int port, boolean tls, Optional<String> sni, String host, String path, Optional<String> upgrade,
      java.util.Map<String, String> headers, String source, long body, String method) {
    /** The client address of a request that names none. */
    static final String DEFAULT_SOURCE = "127.0.0.1";

    Request {
      java.util.Map<String, String> lower = new java.util.TreeMap<>();
      // The HTTP/1 codec drops a value's leading and trailing whitespace (RFC 9110 OWS).
      headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v.replaceAll("^[ \t]+|[ \t]+$", "")));
      headers = java.util.Collections.unmodifiableMap(lower);
      if (dev.ingressc.ir.IpLiterals.parse(source).isEmpty() || body < 0) {
        throw new IllegalArgumentException("not an address literal: " + source + ", or a negative body: " + body);
      }
    }

    Request(int port, boolean tls, Optional<String> sni, String host, String path, Optional<String> upgrade,
        java.util.Map<String, String> headers, String source, long body) {
      this(port, tls, sni, host, path, upgrade, headers, source, body, "GET");
    }

    /** The same request with {@code name} as its method. */
    Request withMethod(String name) {
      return new Request(port, tls, sni, host, path, upgrade, headers, source, body, name);
    }

    /** The fields route matching sees: the others and the {@code :method} pseudo-header. */
    java.util.Map<String, String> matchedFields() {
      java.util.Map<String, String> all = new java.util.TreeMap<>(headers);
      all.put(":method", method);
      return all;
    }

    Request(int port, boolean tls, Optional<String> sni, String host, String path, Optional<String> upgrade,
        java.util.Map<String, String> headers) {
      this(port, tls, sni, host, path, upgrade, headers, DEFAULT_SOURCE, 0);
    }

    Request(int port, boolean tls, Optional<String> sni, String host, String path, Optional<String> upgrade) {
      this(port, tls, sni, host, path, upgrade, java.util.Map.of());
    }

    /** The same request with these other header fields. */
    Request withHeaders(java.util.Map<String, String> fields) {
      return new Request(port, tls, sni, host, path, upgrade, fields, source, body, method);
    }

    /** The same request from the client address {@code literal}. */
    Request from(String literal) {
      return new Request(port, tls, sni, host, path, upgrade, headers, literal, body, method);
    }

    /** The same request with a body of {@code bytes}. */
    Request withBody(long bytes) {
      return new Request(port, tls, sni, host, path, upgrade, headers, source, bytes, method);
    }

    /** The client's address. */
    java.net.InetAddress client() {
      return dev.ingressc.ir.IpLiterals.parse(source).orElseThrow();
    }

    Request(int port, boolean tls, Optional<String> sni, String host, String path) {
      this(port, tls, sni, host, path, Optional.empty());
    }

    /** Plain HTTP when {@code sni} is empty, else TLS with that server name. */
    Request(int port, Optional<String> sni, String host, String path) {
      this(port, sni.isPresent(), sni, host, path);
    }

    /** The same request asking to upgrade to {@code protocol}. */
    Request upgradeTo(String protocol) {
      return new Request(port, tls, sni, host, path, Optional.of(protocol), headers, source, body, method);
    }
  }

  /** What happened to a request. */
  enum Outcome {
    CONNECTION_CLOSED, FORWARDED, DIRECT_RESPONSE, REDIRECT, NO_ROUTE, UPGRADE_REFUSED, STALLED,
    /** The connection manager answered before routing (a non-relative path, a fragment). */
    REFUSED_BEFORE_ROUTING,
    /** An HTTP filter before the router answered (RBAC's 403, the buffer's 413): see {@link EnvoyHttpFilters}. */
    REFUSED_BY_FILTER,
    /** A tcp_proxy filter chain passed the connection's bytes to the cluster as they came (ssl-passthrough). */
    TCP_PROXIED
  }

  /**
   * @param status the HTTP status Envoy itself answers (404, 503, 308...), or 0 when forwarded / closed
   * @param cluster the cluster forwarded to
   * @param endpoints its endpoints as {@code address:port}, in order
   * @param location the redirect target
   * @param certificatePem the certificate chain served on the TLS handshake
   * @param route the route that matched
   * @param trace the steps, for failure messages
   * @param upgrade the Upgrade header forwarded to the cluster (with {@code Connection: upgrade}), if any
   * @param weights for a route to weighted_clusters: each cluster's weight (then {@code cluster} is
   *     the heaviest, the first of equals); empty otherwise
   * @param forwarded for a forwarded request: the Host (key {@code host}) and the header fields the
   *     cluster receives that {@link EnvoyForwardingModel} models, by lower-case name; empty otherwise
   * @param responseHeaders the header fields the matched route sets on the answer (its
   *     response_headers_to_add, {@code %REQ(name)%} replaced by the request's field), in order, for an
   *     answer of the router's (forwarded or a direct response); empty otherwise
   * @param responseHeadersRemoved the names the route removes from the backend's answer first
   */
  record Answer(Outcome outcome, int status, Optional<Cluster> cluster, List<String> endpoints,
      Optional<String> location, Optional<String> certificatePem, Optional<Route> route, List<String> trace,
      Optional<String> upgrade, java.util.Map<String, Integer> weights, Optional<String> rewrittenTarget,
      java.util.Map<String, String> headersAdded, java.util.Map<String, String> forwarded,
      java.util.Map<String, String> responseHeaders, List<String> responseHeadersRemoved) {
    Answer(Outcome outcome, int status, Optional<Cluster> cluster, List<String> endpoints, Optional<String> location,
        Optional<String> certificatePem, Optional<Route> route, List<String> trace, Optional<String> upgrade,
        java.util.Map<String, Integer> weights, Optional<String> rewrittenTarget,
        java.util.Map<String, String> headersAdded, java.util.Map<String, String> forwarded) {
      this(outcome, status, cluster, endpoints, location, certificatePem, route, trace, upgrade, weights,
          rewrittenTarget, headersAdded, forwarded, java.util.Map.of(), List.of());
    }

    /** The same answer with the response header changes of the route {@code r} that made it. */
    Answer withResponseHeadersOf(Route r, Request req) {
      return new Answer(outcome, status, cluster, endpoints, location, certificatePem, route, trace, upgrade, weights,
          rewrittenTarget, headersAdded, forwarded, EnvoyRouteActions.responseHeaders(r, req),
          r.getResponseHeadersToRemoveList());
    }

    Answer(Outcome outcome, int status, Optional<Cluster> cluster, List<String> endpoints, Optional<String> location,
        Optional<String> certificatePem, Optional<Route> route, List<String> trace, Optional<String> upgrade,
        java.util.Map<String, Integer> weights) {
      this(outcome, status, cluster, endpoints, location, certificatePem, route, trace, upgrade, weights,
          Optional.empty(), java.util.Map.of(), java.util.Map.of());
    }

    Answer(Outcome outcome, int status, Optional<Cluster> cluster, List<String> endpoints, Optional<String> location,
        Optional<String> certificatePem, Optional<Route> route, List<String> trace, Optional<String> upgrade) {
      this(outcome, status, cluster, endpoints, location, certificatePem, route, trace, upgrade, java.util.Map.of());
    }

    Answer(Outcome outcome, int status, Optional<Cluster> cluster, List<String> endpoints, Optional<String> location,
        Optional<String> certificatePem, Optional<Route> route, List<String> trace) {
      this(outcome, status, cluster, endpoints, location, certificatePem, route, trace, Optional.empty());
    }
  }

  private final Bootstrap bootstrap;
  private final EnvoyFilterChains chains;
  private final EnvoyLocalReplies localReplies;
  private final EnvoyLuaModel lua;

  /**
   * @param readFile reads a file the bootstrap names by absolute path (certificates, route tables)
   */
  EnvoyInterpreter(Bootstrap bootstrap, Function<String, String> readFile) {
    this.bootstrap = bootstrap;
    this.chains = new EnvoyFilterChains(bootstrap, readFile);
    this.localReplies = new EnvoyLocalReplies(bootstrap);
    this.lua = new EnvoyLuaModel(bootstrap, readFile);
  }

  /** The model of the Lua filter, which keeps the requests its scripts sent. */
  EnvoyLuaModel lua() { return lua; }

  Answer handle(Request sent) {
    return handle(sent, new EnvoyStreamInfo());
  }

  /** {@link #handle(Request)}, keeping what the HTTP filters leave for later ones in {@code info}. */
  Answer handle(Request sent, EnvoyStreamInfo info) {
    List<String> trace = new ArrayList<>();
    Request req = EnvoyBeforeRouting.withoutH2cUpgrade(sent, trace);
    Optional<Listener> listener = chains.listener(req.port());
    if (listener.isEmpty()) {
      trace.add("no listener on port " + req.port());
      return closed(trace);
    }
    trace.add("listener " + listener.get().getName());
    Optional<FilterChain> chain = chains.filterChain(listener.get(), req.sni(), trace);
    if (chain.isEmpty()) {
      return closed(trace);
    }
    Optional<Answer> proxied = chains.tcpProxy(chain.get(), trace);
    if (proxied.isPresent()) {
      return proxied.get();
    }
    Optional<String> certificate = chains.certificate(chain.get(), trace);
    if (req.tls() != certificate.isPresent()) {
      throw new IllegalStateException("TLS request on a plain chain, or plain request on a TLS chain: " + trace);
    }
    HttpConnectionManager hcm = EnvoyFilterChains.connectionManager(chain.get());
    Answer a = route(hcm, req, certificate, info, trace);
    return localReplies.apply(hcm, req, a, info);
  }

  /** The connection manager's work on a request, up to the answer before local reply mapping. */
  private Answer route(HttpConnectionManager hcm, Request req, Optional<String> certificate, EnvoyStreamInfo info,
      List<String> trace) {
    Optional<Answer> early = EnvoyBeforeRouting.refusal(hcm, req, certificate, trace);
    if (early.isPresent()) {
      return early.get();
    }
    info.downstreamRemoteAddress(EnvoyClientAddressModel.remote(hcm, req, trace));
    RouteConfiguration table = chains.routeTable(hcm);
    trace.add("route table " + table.getName());
    String hostHeader = EnvoyBeforeRouting.routedHost(hcm, req.host());
    Optional<VirtualHost> vhost = EnvoyRouteMatching.virtualHost(table, hostHeader, trace);
    if (vhost.isEmpty()) {
      return EnvoyHttpFilters.unrouted(hcm, req, info, certificate, trace);
    }
    String xfp = EnvoyClientAddressModel.scheme(hcm, req);
    for (Route r : vhost.get().getRoutesList()) {
      if (EnvoyRouteMatching.routeMatches(r.getMatch(), hostHeader, req.path(), req.matchedFields())) {
        trace.add("route " + r.getName() + " " + EnvoyRouteMatching.shortMatch(r.getMatch()));
        Optional<List<HttpFilter>> filters = EnvoyHttpFilters.of(hcm, req, r, trace);
        if (filters.isEmpty()) {
          trace.add("upgrade " + req.upgrade().orElseThrow() + " not allowed: 403");
          return new Answer(Outcome.UPGRADE_REFUSED, 403, Optional.empty(), List.of(), Optional.empty(), certificate,
              Optional.of(r), trace);
        }
        info.requestHeaders(EnvoyForwardingModel.atFilters(hcm, req));
        Optional<Answer> stopped = EnvoyHttpFilters.decode(filters.get(), req, r, vhost.get(), table, certificate,
            info, lua, trace);
        if (stopped.isPresent()) {
          return stopped.get();
        }
        Answer a = EnvoyRouteActions.act(bootstrap, r, hostHeader, req.path(), xfp, certificate, trace)
            .withResponseHeadersOf(r, req);
        // An allowed upgrade keeps its Upgrade and Connection headers (ConnectionManagerUtility::
        // mutateRequestHeaders removes them from any other request).
        return a.outcome() != Outcome.FORWARDED ? a : info.encode(new Answer(a.outcome(), a.status(), a.cluster(),
            a.endpoints(), a.location(), a.certificatePem(), a.route(), a.trace(), req.upgrade(), a.weights(),
            a.rewrittenTarget(), a.headersAdded(), EnvoyForwardingModel.headers(info.requestHeaders(), table, r, req,
            info.downstreamRemoteAddress().orElseThrow().literal()), a.responseHeaders(),
            a.responseHeadersRemoved()));
      }
    }
    // ConnectionManagerImpl::ActiveStream::decodeHeaders answers a rejected upgrade 403 only
    // "if (hasCachedRoute())"; without a route the router answers its 404.
    trace.add("no route of " + vhost.get().getName() + " matches");
    return EnvoyHttpFilters.unrouted(hcm, req, info, certificate, trace);
  }

  static Answer closed(List<String> trace) {
    return new Answer(Outcome.CONNECTION_CLOSED, 0, Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
        Optional.empty(), trace);
  }

  static <T extends Message> T unpack(Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("typed_config is not a " + type.getSimpleName() + ": " + any.getTypeUrl(), e);
    }
  }
}
