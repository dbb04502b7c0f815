package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.haproxy.HaproxyView.MapEntry;
import dev.ingressc.emit.haproxy.BackendView.ServerView;
import dev.ingressc.ir.BackendProtocol;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.RequestTargets;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.RouteSettings;
import dev.ingressc.ir.TlsCertificate;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import dev.ingressc.ir.VirtualHost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the HAProxy view from the IR. Routing is two map lookups whatever the number of rules:
 *
 * <ol>
 *   <li>{@code hosts.map} (exact string match) takes the normalized Host to its virtual host: first
 *       the Host itself (an exact host), then the Host with its first label replaced by {@code *}
 *       (so {@code *.foo.com} covers exactly one label), then the catch-all {@code *}.
 *   <li>{@code exact.map} (exact string match) on {@code VHOST + path}, else {@code prefix.map}
 *       (longest-prefix match) on {@code VHOST + path + "/"}. Prefix keys are
 *       {@code VHOST + path + "/"}, so {@code /foo} takes {@code /foo} and {@code /foo/bar} but not
 *       {@code /foobar}. An Exact hit always wins: its length is the whole path, which no Prefix
 *       match can exceed, and on equal length Exact wins anyway.
 * </ol>
 */
final class HaproxyViewBuilder {
  static final String NOT_FOUND = "ingressc_404";
  static final String UNAVAILABLE = "ingressc_503";
  static final String CATCH_ALL = "*";
  public static final String SPARE_PREFIX = "ingressc_spare_";
  static final int SPARE_BACKENDS = 32;
  static final int SPARE_SLOTS = 8;
  private static final String SPARES_COMMENT =
      "Spare backends, used by no route: the sidecar fills one with a new Service through the runtime API";
  static final String TLS_DIR = "tls";
  static final String CRT_LIST = "crt-list.txt";
  /** The Lua file, beside haproxy.cfg, and the filter it registers (body-limit.lua.ftl names it too). */
  static final String BODY_LIMIT_FILE = "body-limit.lua";
  static final String BODY_LIMIT_FILTER = "lua.ingressc_body_limit";
  static final HaproxyView.Maps MAPS =
      new HaproxyView.Maps("maps/hosts.map", "maps/redirects.map", "maps/exact.map", "maps/prefix.map");

  private final IngressIR ir;
  private final EndpointTable endpoints;
  private final EmitOptions options;
  private final BackendNames names;
  private final HaproxyCanaries canaries;
  private final HaproxyBasicAuth basicAuth;

  HaproxyViewBuilder(IngressIR ir, EndpointTable endpoints, EmitOptions options) {
    this.ir = ir;
    this.endpoints = endpoints;
    this.options = options;
    this.names = new BackendNames(ir);
    this.basicAuth = new HaproxyBasicAuth(ir);
    this.canaries = new HaproxyCanaries(ir, (r, side) -> names.of(r, side == dev.ingressc.ir.Canary.Side.CANARY
        ? r.canary().orElseThrow().backend() : r.backend()));
  }

  HaproxyView build() {
    boolean catchAll = ir.virtualHosts().stream().anyMatch(VirtualHost::isCatchAll);
    boolean perRoute = PlainHttpRedirects.perRoute(ir);
    boolean anyRedirect = perRoute || ir.virtualHosts().stream().anyMatch(VirtualHost::fallbackRedirectsToHttps);
    HaproxyView.Redirect redirect = anyRedirect
        ? new HaproxyView.Redirect(options.httpsPort() == 443 ? null : options.httpsPort()) : null;
    String fallback = ir.defaultBackend().map(b -> names.of(b, RouteSettings.DEFAULTS)).orElse(NOT_FOUND);
    return new HaproxyView(
        new HaproxyView.Runtime(options.runtimeDir().resolve("haproxy.pid").toString(),
            options.runtimeDir().resolve("haproxy.sock").toString()),
        options.httpPort(), RequestTargets.REFUSED_TARGET, https(), catchAll, redirect, fallback, backends(), MAPS,
        new HaproxyView.BodyLimit(options.outputDir().resolve(BODY_LIMIT_FILE).toString(), BODY_LIMIT_FILTER),
        HaproxyPassthrough.of(ir, endpoints, options), canaries.views(), RegexRoutes.of(ir, CATCH_ALL, this::routeValue),
        RedirectBackends.of(ir), perRoute, AppRootRules.of(ir, CATCH_ALL),
        WwwTwins.of(ir, ir.hasTlsPort(), options.httpsPort()), HaproxyClientAddress.of(ir, options));
  }

  private HaproxyView.Https https() {
    if (!ir.hasTls()) {
      return null;
    }
    return new HaproxyView.Https(options.httpsPort(),
        ir.defaultCertificate().map(HaproxyViewBuilder::certificateFile).orElse(null), CRT_LIST, ir.listener().http2(),
        ir.passthroughHosts().isEmpty() ? null : HaproxyPassthrough.httpsSocket(options));
  }

  /** The certificate file; HAProxy loads the key from the same name plus {@code .key}. */
  static String certificateFile(TlsCertificate c) {
    return TLS_DIR + "/" + c.id().replace('/', '_') + ".pem";
  }

  private List<BackendView> backends() {
    List<BackendView> out = new ArrayList<>();
    // Fixed answers: nothing matched and no default backend; the chosen Service has no ready endpoint.
    out.add(new BackendView(NOT_FOUND, "roundrobin", 404, 0, 0, 0, List.of(), null, List.of()));
    out.add(new BackendView(UNAVAILABLE, "roundrobin", 503, 0, 0, 0, List.of(), null, List.of()));
    names.proxied().forEach((name, key) -> out.add(proxied(name, key)));
    // A guarded (or CORS) route to an upstream without endpoints: 403 for a client kept out, 204 for a
    // preflight, before the 503.
    names.guardedUnavailable().forEach((name, h) -> out.add(new BackendView(name, "roundrobin", 503, 0, 0, 0,
        List.of(), null, List.of(), null, null, h.sourceRanges(), h.cors(), null, null, java.util.Optional.empty(),
        null, ipv6Clients())));
    out.addAll(spares());
    out.sort(Comparator.comparing(BackendView::name));
    return out;
  }

  private BackendView proxied(String name, BackendNames.Key key) {
    Upstream u = key.upstream();
    RouteSettings s = key.settings();
    return new BackendView(name, balance(u), 0, s.connectTimeout().toMillis(), s.readTimeout().toMillis(),
        s.maxBodyBytes(), servers(u, endpoints.of(u.name())), null, serverOptions(u.protocol()),
        key.headers().upstreamHost().orElse(null), key.headers().forwardedPrefix().orElse(null),
        key.headers().sourceRanges(), key.headers().cors(), key.headers().rate().orElse(null),
        basicAuth.view(key.headers().basicAuth()), key.headers().auth(), key.headers().affinity().orElse(null),
        ipv6Clients());
  }

  /** Whether {@code src} may be IPv6: a trusted proxy may name such a client ({@link HaproxyClientAddress}). */
  private boolean ipv6Clients() {
    return ir.listener().trustedProxies().any();
  }

  /**
   * How each server is spoken to. Over TLS the certificate is not verified (as ingress-nginx) and
   * no SNI is sent; gRPC is HTTP/2, by prior knowledge in plaintext and by ALPN over TLS.
   */
  static List<String> serverOptions(BackendProtocol p) {
    return switch (p) {
      case HTTP -> List.of();
      case HTTPS -> List.of("ssl", "verify", "none");
      case GRPC -> List.of("proto", "h2");
      case GRPCS -> List.of("ssl", "verify", "none", "alpn", "h2");
    };
  }

  private static String balance(Upstream u) {
    return switch (u.loadBalancing()) {
      case ROUND_ROBIN -> "roundrobin";
      case LEAST_CONNECTIONS -> "leastconn";
      case RANDOM -> "random";
      case CLIENT_IP_HASH -> "source";
    };
  }

  /**
   * Enabled slots for the endpoints, then disabled ones up to the next power of two above their
   * count, so endpoints can be added through the runtime API without a reload.
   */
  static List<ServerView> servers(Upstream u, List<Endpoint> eps) {
    List<ServerView> out = new ArrayList<>();
    boolean dns = u.kind() == UpstreamKind.DNS;
    for (Endpoint e : eps) {
      out.add(new ServerView("s" + (out.size() + 1), e.hostPort(), true, dns, e));
    }
    if (!dns) {
      int slots = Integer.highestOneBit(eps.size()) << 1;
      while (out.size() < Math.max(slots, 2)) {
        out.add(freeSlot(out.size() + 1));
      }
    }
    return out;
  }

  private static ServerView freeSlot(int n) {
    return new ServerView("s" + n, "127.0.0.1:1", false, false, null);
  }

  /**
   * Backends with default settings (HTTP) and only free slots, which no route uses. When a change brings
   * a new Service, the sidecar fills one through the runtime API and points the new routes' map
   * entries at it, so the change needs no reload; the next reload gives the Service its own backend.
   */
  static List<BackendView> spares() {
    List<BackendView> out = new ArrayList<>();
    RouteSettings d = RouteSettings.DEFAULTS;
    for (int i = 1; i <= SPARE_BACKENDS; i++) {
      List<ServerView> slots = new ArrayList<>();
      for (int n = 1; n <= SPARE_SLOTS; n++) {
        slots.add(freeSlot(n));
      }
      out.add(new BackendView(String.format("%s%02d", SPARE_PREFIX, i), "roundrobin", 0, d.connectTimeout().toMillis(),
          d.readTimeout().toMillis(), d.maxBodyBytes(), slots, i == 1 ? SPARES_COMMENT : null, List.of()));
    }
    return out;
  }

  /** Each host, and the same name with a trailing dot (a Host header may end in one). */
  List<MapEntry> hostsMap() {
    List<MapEntry> out = new ArrayList<>();
    for (VirtualHost v : ir.virtualHosts()) {
      if (!v.isCatchAll()) {
        out.add(new MapEntry(v.host(), v.host()));
        out.add(new MapEntry(v.host() + ".", v.host()));
      }
    }
    return out;
  }

  List<MapEntry> redirectsMap() {
    List<MapEntry> out = new ArrayList<>();
    for (VirtualHost v : ir.virtualHosts()) {
      PlainHttpRedirects.hostEntry(v).ifPresent(value -> out.add(new MapEntry(v.host(), value)));
    }
    return out;
  }

  List<MapEntry> pathMap(PathMatch match) {
    Map<String, String> entries = new TreeMap<>();
    for (VirtualHost v : ir.virtualHosts()) {
      String vhost = v.isCatchAll() ? CATCH_ALL : v.host();
      for (Route r : v.routes()) {
        if (r.match() != match) {
          continue;
        }
        String key = match == PathMatch.EXACT ? vhost + r.path()
            : vhost + (r.matchPath().equals("/") ? "/" : r.matchPath() + "/");
        entries.putIfAbsent(key, routeValue(v, r));
      }
    }
    return entries.entrySet().stream().map(e -> new MapEntry(e.getKey(), e.getValue())).toList();
  }

  /**
   * What a route's lookup yields: its redirect backend, else its canary token, else its backend;
   * marked when plain HTTP to it is redirected to https first ({@link PlainHttpRedirects}).
   */
  private String routeValue(VirtualHost v, Route r) {
    return PlainHttpRedirects.marker(v, r) + r.redirect().map(RedirectBackends::name)
        .orElseGet(() -> canaries.mapValue(r, names.of(r, r.backend())));
  }

}
