package dev.ingressc.emit.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLogFilter;
import io.envoyproxy.envoy.config.accesslog.v3.ComparisonFilter;
import io.envoyproxy.envoy.config.bootstrap.v3.RuntimeLayer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.ResponseMapper;
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
   */
  record Request(int port, boolean tls, Optional<String> sni, String host, String path, Optional<String> upgrade,
      java.util.Map<String, String> headers, String source, long body) {
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
        java.util.Map<String, String> headers) {
      this(port, tls, sni, host, path, upgrade, headers, DEFAULT_SOURCE, 0);
    }

    Request(int port, boolean tls, Optional<String> sni, String host, String path, Optional<String> upgrade) {
      this(port, tls, sni, host, path, upgrade, java.util.Map.of());
    }

    /** The same request with these other header fields. */
    Request withHeaders(java.util.Map<String, String> fields) {
      return new Request(port, tls, sni, host, path, upgrade, fields, source, body);
    }

    /** The same request from the client address {@code literal}. */
    Request from(String literal) {
      return new Request(port, tls, sni, host, path, upgrade, headers, literal, body);
    }

    /** The same request with a body of {@code bytes}. */
    Request withBody(long bytes) {
      return new Request(port, tls, sni, host, path, upgrade, headers, source, bytes);
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
      return new Request(port, tls, sni, host, path, Optional.of(protocol), headers, source, body);
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
   */
  record Answer(Outcome outcome, int status, Optional<Cluster> cluster, List<String> endpoints,
      Optional<String> location, Optional<String> certificatePem, Optional<Route> route, List<String> trace,
      Optional<String> upgrade, java.util.Map<String, Integer> weights, Optional<String> rewrittenTarget,
      java.util.Map<String, String> headersAdded, java.util.Map<String, String> forwarded) {
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

  /**
   * @param readFile reads a file the bootstrap names by absolute path (certificates, route tables)
   */
  EnvoyInterpreter(Bootstrap bootstrap, Function<String, String> readFile) {
    this.bootstrap = bootstrap;
    this.chains = new EnvoyFilterChains(bootstrap, readFile);
  }

  Answer handle(Request sent) {
    List<String> trace = new ArrayList<>();
    Request req = withoutH2cUpgrade(sent, trace);
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
    Answer a = route(hcm, req, certificate, trace);
    return localReply(hcm, req, a);
  }

  /** The connection manager's work on a request, up to the answer before local reply mapping. */
  private Answer route(HttpConnectionManager hcm, Request req, Optional<String> certificate, List<String> trace) {
    Optional<Answer> early = beforeRouting(hcm, req, certificate, trace);
    if (early.isPresent()) {
      return early.get();
    }
    RouteConfiguration table = chains.routeTable(hcm);
    trace.add("route table " + table.getName());
    String hostHeader = req.host();
    // HCM: strip_any_host_port and strip_trailing_host_dot rewrite the Host before routing
    // (http_connection_manager.proto); the translator sets neither, but honour them if set.
    if (hcm.getStripAnyHostPort()) {
      hostHeader = hostWithoutPort(hostHeader);
    }
    if (hcm.getStripTrailingHostDot()) {
      hostHeader = stripTrailingDot(hostHeader);
    }
    Optional<VirtualHost> vhost = EnvoyRouteMatching.virtualHost(table, hostHeader, trace);
    if (vhost.isEmpty()) {
      unroutedFilters(hcm, req);
      return new Answer(Outcome.NO_ROUTE, 404, Optional.empty(), List.of(), Optional.empty(), certificate,
          Optional.empty(), trace);
    }
    String xfp = req.tls() ? "https" : "http"; // use_remote_address: set from the connection
    for (Route r : vhost.get().getRoutesList()) {
      if (EnvoyRouteMatching.routeMatches(r.getMatch(), hostHeader, req.path(), req.headers())) {
        trace.add("route " + r.getName() + " " + EnvoyRouteMatching.shortMatch(r.getMatch()));
        Optional<List<HttpFilter>> filters = filters(hcm, req, r, trace);
        if (filters.isEmpty()) {
          trace.add("upgrade " + req.upgrade().orElseThrow() + " not allowed: 403");
          return new Answer(Outcome.UPGRADE_REFUSED, 403, Optional.empty(), List.of(), Optional.empty(), certificate,
              Optional.of(r), trace);
        }
        Optional<Answer> stopped = EnvoyHttpFilters.decode(filters.get(), req, r, vhost.get(), table, certificate,
            trace);
        if (stopped.isPresent()) {
          return stopped.get();
        }
        Answer a = EnvoyRouteActions.act(bootstrap, r, hostHeader, req.path(), xfp, certificate, trace);
        // An allowed upgrade keeps its Upgrade and Connection headers (ConnectionManagerUtility::
        // mutateRequestHeaders removes them from any other request).
        return a.outcome() != Outcome.FORWARDED ? a : new Answer(a.outcome(), a.status(), a.cluster(), a.endpoints(),
            a.location(), a.certificatePem(), a.route(), a.trace(), req.upgrade(), a.weights(), a.rewrittenTarget(),
            a.headersAdded(), EnvoyForwardingModel.headers(hcm, table, r, req));
      }
    }
    // ConnectionManagerImpl::ActiveStream::decodeHeaders answers a rejected upgrade 403 only
    // "if (hasCachedRoute())"; without a route the router answers its 404.
    trace.add("no route of " + vhost.get().getName() + " matches");
    unroutedFilters(hcm, req);
    return new Answer(Outcome.NO_ROUTE, 404, Optional.empty(), List.of(), Optional.empty(), certificate,
        Optional.empty(), trace);
  }

  /**
   * What the HTTP/1 codec and the connection manager do to {@code :path} before routing
   * (http1/codec_impl.cc ServerConnectionImpl::handlePath; conn_manager_impl.cc
   * ActiveStream::decodeHeaders):
   *
   * <ul>
   *   <li>With {@code allow_absolute_url} false the codec keeps a target that does not start with
   *       "/" as the {@code :path} ("If absolute_urls and/or connect are not going be handled, copy
   *       the url and return"), and so keeps {@code *}. The default is true
   *       (Http1Settings: {@code PROTOBUF_GET_WRAPPED_OR_DEFAULT(config, allow_absolute_url, true)}),
   *       which rewrites the Host and the path from the URL: not modelled, so it throws.
   *   <li>"Currently we only support relative paths at the application layer": a {@code :path} not
   *       starting with "/" gets a local 404 (details {@code absolute_path}), before the route is
   *       picked and before an upgrade is checked.
   *   <li>A {@code #} in the path is refused with 400 (since 1.23, runtime guard
   *       {@code envoy.reloadable_features.http_reject_path_with_fragment}, on by default).
   *   <li>Path normalization, slash merging and escaped-slash handling would rewrite {@code :path};
   *       the interpreter models only their absence, and throws otherwise.
   * </ul>
   *
   * A target the codec itself refuses (bytes outside printable ASCII) is not modelled: the codec's
   * answer is 400 too, as the refused-target route's is.
   */
  private static Optional<Answer> beforeRouting(HttpConnectionManager hcm, Request req, Optional<String> certificate,
      List<String> trace) {
    if (hcm.getNormalizePath().getValue() || hcm.getMergeSlashes()
        || hcm.getPathWithEscapedSlashesAction() != HttpConnectionManager.PathWithEscapedSlashesAction.KEEP_UNCHANGED) {
      throw new UnsupportedOperationException("path normalization is not modelled: normalize_path "
          + hcm.getNormalizePath().getValue() + ", merge_slashes " + hcm.getMergeSlashes() + ", "
          + hcm.getPathWithEscapedSlashesAction());
    }
    String path = req.path();
    if (!path.startsWith("/")) {
      var http1 = hcm.getHttpProtocolOptions();
      if (!http1.hasAllowAbsoluteUrl() || http1.getAllowAbsoluteUrl().getValue()) {
        throw new UnsupportedOperationException("allow_absolute_url is not false: absolute URLs are not modelled");
      }
      trace.add(":path " + path + " is not relative: the connection manager answers 404");
      return Optional.of(new Answer(Outcome.REFUSED_BEFORE_ROUTING, 404, Optional.empty(), List.of(), Optional.empty(),
          certificate, Optional.empty(), trace));
    }
    if (path.indexOf('#') >= 0) {
      trace.add(":path holds a fragment: the connection manager answers 400");
      return Optional.of(new Answer(Outcome.REFUSED_BEFORE_ROUTING, 400, Optional.empty(), List.of(), Optional.empty(),
          certificate, Optional.empty(), trace));
    }
    return Optional.empty();
  }

  /**
   * The connection manager's local_reply_config (http_connection_manager.proto, LocalReplyConfig):
   * every reply Envoy makes itself (before routing, direct responses, redirects, the upgrade 403,
   * the router's 404) passes the mappers, which "will be checked by the specified order until one
   * is matched"; a matching mapper's {@code status_code} replaces the status. A forwarded answer is
   * the backend's and is not mapped.
   */
  private Answer localReply(HttpConnectionManager hcm, Request req, Answer a) {
    if (a.status() == 0 || a.outcome() == Outcome.FORWARDED || !hcm.hasLocalReplyConfig()) {
      return a;
    }
    for (ResponseMapper m : hcm.getLocalReplyConfig().getMappersList()) {
      if (accessLogFilter(m.getFilter(), req, a.status())) {
        int status = m.hasStatusCode() ? m.getStatusCode().getValue() : a.status();
        List<String> trace = new ArrayList<>(a.trace());
        trace.add("local reply mapper: " + a.status() + " becomes " + status);
        return new Answer(a.outcome(), status, a.cluster(), a.endpoints(), a.location(), a.certificatePem(), a.route(),
            trace, a.upgrade(), a.weights());
      }
    }
    return a;
  }

  /**
   * An access log filter over a local reply (accesslog.proto): and_filter (all), or_filter (any),
   * status_code_filter (a ComparisonFilter: EQ, GE or LE against a RuntimeUInt32, whose
   * runtime_key is read from the bootstrap's static runtime layers, else default_value) and
   * header_filter (a HeaderMatcher on the request headers). Any other filter throws.
   */
  private boolean accessLogFilter(AccessLogFilter f, Request req, int status) {
    return switch (f.getFilterSpecifierCase()) {
      case AND_FILTER -> f.getAndFilter().getFiltersList().stream().allMatch(x -> accessLogFilter(x, req, status));
      case OR_FILTER -> f.getOrFilter().getFiltersList().stream().anyMatch(x -> accessLogFilter(x, req, status));
      case STATUS_CODE_FILTER -> {
        ComparisonFilter c = f.getStatusCodeFilter().getComparison();
        long value = runtimeInteger(c.getValue().getRuntimeKey()).orElse((long) c.getValue().getDefaultValue());
        yield switch (c.getOp()) {
          case EQ -> status == value;
          case GE -> status >= value;
          case LE -> status <= value;
          default -> throw new UnsupportedOperationException("comparison " + c.getOp());
        };
      }
      case HEADER_FILTER -> EnvoyRouteMatching.headerMatches(f.getHeaderFilter().getHeader(), req.host(), req.path(),
          req.headers());
      default -> throw new UnsupportedOperationException("access log filter " + f.getFilterSpecifierCase());
    };
  }

  /** A runtime value from the bootstrap's static layers; later layers override earlier ones. */
  private Optional<Long> runtimeInteger(String key) {
    Optional<Long> value = Optional.empty();
    for (RuntimeLayer l : bootstrap.getLayeredRuntime().getLayersList()) {
      if (!l.hasStaticLayer()) {
        throw new UnsupportedOperationException("runtime layer " + l.getLayerSpecifierCase());
      }
      var v = l.getStaticLayer().getFieldsMap().get(key);
      if (v != null) {
        // A number, or a string Envoy parses as one (runtime_impl.cc, parseEntryDoubleValue).
        value = Optional.of(v.hasStringValue() ? (long) Double.parseDouble(v.getStringValue()) : (long) v.getNumberValue());
      }
    }
    return value;
  }

  /**
   * Envoy's HTTP/1 codec (http1/codec_impl.cc, onHeadersCompleteBase) ignores an h2c upgrade,
   * compared case-insensitively: "Ignore h2c upgrade requests until we support them", it removes
   * Upgrade, the upgrade and http2-settings Connection tokens and HTTP2-Settings, so the request
   * goes on as a plain HTTP/1.1 one. Every listener of ours speaks HTTP/1.1 to such a client.
   */
  private static Request withoutH2cUpgrade(Request req, List<String> trace) {
    if (req.upgrade().isEmpty() || !req.upgrade().get().equalsIgnoreCase("h2c")) {
      return req;
    }
    trace.add("HTTP/1 codec removes the h2c upgrade");
    return new Request(req.port(), req.tls(), req.sni(), req.host(), req.path(), Optional.empty(), req.headers(),
        req.source(), req.body());
  }

  /**
   * The HTTP filters a request to {@code route} runs through (http_connection_manager.proto,
   * UpgradeConfig; Envoy's ConnectionManagerImpl): the connection manager's, or for an upgrade
   * request the upgrade's. Its type must be enabled by the route's RouteAction.upgrade_configs, else
   * by an HCM upgrade_configs entry (type compared case-insensitively, enabled unless set false);
   * otherwise Envoy answers 403 itself (empty here). An allowed upgrade runs that entry's filters (the
   * HCM's own when it lists none).
   */
  private static Optional<List<HttpFilter>> filters(HttpConnectionManager hcm, Request req, Route route,
      List<String> trace) {
    if (req.upgrade().isEmpty()) {
      return Optional.of(hcm.getHttpFiltersList());
    }
    String type = req.upgrade().get();
    Optional<HttpConnectionManager.UpgradeConfig> config = hcm.getUpgradeConfigsList().stream()
        .filter(u -> u.getUpgradeType().equalsIgnoreCase(type)).findFirst();
    boolean enabled = config.map(u -> !u.hasEnabled() || u.getEnabled().getValue()).orElse(false);
    if (route.hasRoute()) {
      for (var perRoute : route.getRoute().getUpgradeConfigsList()) {
        if (perRoute.getUpgradeType().equalsIgnoreCase(type)) {
          enabled = !perRoute.hasEnabled() || perRoute.getEnabled().getValue();
        }
      }
    }
    if (!enabled || config.isEmpty()) {
      return Optional.empty();
    }
    List<HttpFilter> filters = config.get().getFiltersCount() > 0 ? config.get().getFiltersList()
        : hcm.getHttpFiltersList();
    trace.add("upgrade " + type + " through " + filters.stream().map(HttpFilter::getName).toList());
    return Optional.of(filters);
  }

  /**
   * A request no route takes still passes the filters before the router's 404; modelled only where
   * none of them can answer first: no body, and no RBAC filter enforcing rules of its own.
   */
  private static void unroutedFilters(HttpConnectionManager hcm, Request req) {
    boolean enforcing = java.util.stream.Stream.concat(hcm.getHttpFiltersList().stream(),
            hcm.getUpgradeConfigsList().stream().flatMap(u -> u.getFiltersList().stream()))
        .map(HttpFilter::getTypedConfig)
        .filter(c -> c.is(io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.class))
        .anyMatch(c -> !unpack(c, io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.class)
            .equals(io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.getDefaultInstance()));
    if (req.body() > 0 || enforcing) {
      throw new UnsupportedOperationException("filters before the router's 404 (a body, RBAC rules) are not modelled");
    }
  }

  /** Where the port starts in a Host header: after an IPv6 literal's bracket, or at the last colon. */
  static int portStart(String host) {
    if (host.startsWith("[")) {
      int i = host.lastIndexOf("]:");
      return i < 0 ? -1 : i + 1;
    }
    return host.lastIndexOf(':');
  }

  static String hostWithoutPort(String host) {
    int p = portStart(host);
    return p < 0 ? host : host.substring(0, p);
  }

  private static String stripTrailingDot(String host) {
    int p = portStart(host);
    String name = p < 0 ? host : host.substring(0, p);
    String port = p < 0 ? "" : host.substring(p);
    return (name.endsWith(".") ? name.substring(0, name.length() - 1) : name) + port;
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
