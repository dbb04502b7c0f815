package dev.ingressc.emit.nginx;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.templating.EscapingOutputFormat;
import dev.ingressc.emit.nginx.ConfigView.Action;
import dev.ingressc.emit.nginx.ConfigView.Listen;
import dev.ingressc.emit.nginx.ConfigView.LocationView;
import dev.ingressc.emit.nginx.ConfigView.ServerView;
import dev.ingressc.emit.nginx.ConfigView.Settings;
import dev.ingressc.emit.nginx.ConfigView.UpstreamView;
import dev.ingressc.ir.Backend;
import dev.ingressc.ir.BackendProtocol;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.HostIndex;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.RequestTargets;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.RouteSettings;
import dev.ingressc.ir.TlsCertificate;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import dev.ingressc.ir.VirtualHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Builds the {@link ConfigView} from the IR. The host and certificate choices come from the IR's
 * {@link HostIndex}, the one the route oracle reads too, so nginx picks what the oracle picks:
 *
 * <ul>
 *   <li>One server per name: every rule host, and every TLS host (a TLS host without rules still
 *       needs its certificate). A name's routes are those of the virtual host the index gives
 *       it; its certificate is the one the index gives its SNI.
 *   <li>The default server takes every other Host, with the host-less rules or the fallback, and
 *       every other SNI, with the default certificate or a refused handshake.
 *   <li>When TLS is on, every server listens for it too: after the handshake nginx picks the server
 *       by Host, as the oracle routes HTTPS by Host.
 *   <li>A host whose TLS asks for the redirect gets a plain-HTTP server that only answers 308.
 *   <li>Hosts whose servers would be identical but for their names and comments, and that have no
 *       certificate of their own, share one server with all their names: nginx picks the server
 *       by name as before, and finds the same locations. nginx's config check pays per server and
 *       per location, so this is what keeps many hosts with the same routes cheap (see
 *       {@link ServerSharing}).
 * </ul>
 *
 * The lua format's balancer (its upstream, modules and {@code endpoints.conf}) is {@link LuaBalancing}'s.
 */
final class ViewBuilder {
  static final String TLS_DIR = "tls";
  static final int KEEPALIVE = 32;

  private final IngressIR ir;
  private final EndpointTable endpoints;
  private final EmitOptions options;
  private final HostIndex hosts;
  private final UpstreamIds ids;
  private final boolean https;
  /** ssl-passthrough's stream block, or null. */
  private final PassthroughStream passthrough;
  private final NginxFormat format;
  private final LuaBalancing lua;
  private final NginxCanaries canaries;
  private final NginxSourceRanges sourceRanges;
  private final NginxCors cors;
  private final NginxRateLimits rateLimits;
  private final NginxExternalAuth auth;
  private final NginxBasicAuth basicAuth;

  ViewBuilder(IngressIR ir, EndpointTable endpoints, EmitOptions options, NginxFormat format) {
    this.ir = ir;
    this.endpoints = endpoints;
    this.format = format;
    this.options = options;
    this.hosts = new HostIndex(ir);
    this.ids = new UpstreamIds(ir.upstreams());
    this.https = ir.hasTlsPort();
    this.passthrough = PassthroughPlanner.plan(ir, endpoints, options, ids);
    this.lua = new LuaBalancing(ir, endpoints, options, ids, format == NginxFormat.LUA);
    this.canaries = new NginxCanaries(ir, endpoints, ids, format == NginxFormat.LUA);
    this.sourceRanges = new NginxSourceRanges(ir);
    this.cors = new NginxCors(ir);
    this.rateLimits = new NginxRateLimits(ir);
    this.auth = new NginxExternalAuth(ir, format == NginxFormat.LUA);
    this.basicAuth = new NginxBasicAuth(ir);
  }

  ConfigView build() {
    TreeSet<String> names = new TreeSet<>();
    ir.virtualHosts().stream().filter(v -> !v.isCatchAll()).forEach(v -> names.add(v.host()));
    ir.certificates().forEach(c -> names.addAll(c.hosts()));
    names.addAll(hosts.wwwTwins().keySet());
    List<ServerView> servers = new ArrayList<>();
    servers.add(defaultServer());
    ServerSharing sharing = new ServerSharing(format == NginxFormat.LUA);
    names.forEach(n -> serversFor(n).forEach(s -> sharing.add(n, s)));
    servers.addAll(sharing.servers());
    List<String> exactNames = names.stream().filter(n -> !ServerNames.isWildcard(n)).toList();
    boolean dns = ir.upstreams().stream().anyMatch(u -> u.kind() == UpstreamKind.DNS) || auth.resolves();
    // Only usable upstreams: the others are answered with 503 and never connected to.
    boolean grpc = ir.upstreams().stream().anyMatch(u -> !u.unavailable() && u.protocol().http2());
    boolean upstreamTls = ir.upstreams().stream().anyMatch(u -> !u.unavailable() && u.protocol().tls());
    return new ConfigView(runtimePaths(), HashSizing.forNames(exactNames), settings(RouteSettings.DEFAULTS), https,
        dns ? options.runtimeDir().resolve("resolver.con[f]").toString() : null, lua.view(sharing.hostRoutes()),
        grpc, upstreamTls, refusedTargets(), upstreams(), servers, passthrough, canaries.views(),
        ForwardingView.of(ir, options), NginxRewrites.anyForwardedPrefix(ir), sourceRanges.views(),
        cors.views(), rateLimits.views());
  }

  /**
   * nginx decodes every escape, merges slashes and resolves dot segments itself before it picks a
   * location, which routes by the canonical path once the targets the policy refuses are refused:
   * those found by {@link RequestTargets#REFUSED_TARGET} in the target as sent, and request lines
   * whose target does not start with {@code /}. (HTTP/2 has no request line: nginx writes
   * {@code $request} with the {@code :path}, so only a {@code :path} not starting with {@code /}
   * is refused there too.)
   */
  private static ConfigView.RefusedTargets refusedTargets() {
    return new ConfigView.RefusedTargets(regex(RequestTargets.REFUSED_TARGET), regex(NOT_ORIGIN_FORM));
  }

  /** A request line whose target, after the method and one space, does not start with {@code /}. */
  static final String NOT_ORIGIN_FORM = "^[^ ]+ [^/]";

  private static EscapingOutputFormat.Markup regex(String regex) {
    return NginxOutputFormat.INSTANCE.markup(NginxQuoting.mapRegex(regex));
  }

  /** The maps of {@code endpoints.conf} in the {@code lua} format (see {@link LuaBalancing#peerMaps()}). */
  List<ConfigView.PeerMap> peerMaps() {
    return lua.peerMaps();
  }

  private ConfigView.RuntimePaths runtimePaths() {
    Path r = options.runtimeDir();
    return new ConfigView.RuntimePaths(r.resolve("nginx.pid").toString(), r.resolve("error.log").toString(),
        r.resolve("access.log").toString(), r.resolve("client_body_temp").toString(),
        r.resolve("proxy_temp").toString(), r.resolve("fastcgi_temp").toString(), r.resolve("uwsgi_temp").toString(),
        r.resolve("scgi_temp").toString());
  }

  private List<UpstreamView> upstreams() {
    List<UpstreamView> out = new ArrayList<>();
    for (Upstream u : ir.upstreams()) {
      if (u.kind() != UpstreamKind.STATIC || lua.balances(u)) {
        continue;
      }
      Keyword balance = switch (u.loadBalancing()) {
        case ROUND_ROBIN -> null;
        case LEAST_CONNECTIONS -> Keyword.LEAST_CONN;
        case RANDOM -> Keyword.RANDOM;
        case CLIENT_IP_HASH -> Keyword.CLIENT_IP_HASH;
      };
      out.add(new UpstreamView(ids.id(u.name()), u.name() + " (" + u.loadBalancing().configName() + ")",
          balance == null ? null : balance.markup(), endpoints.of(u.name()).stream().map(Endpoint::hostPort).toList(),
          KEEPALIVE));
    }
    return out;
  }

  private ServerView defaultServer() {
    Optional<VirtualHost> catchAll = ir.virtualHosts().stream().filter(VirtualHost::isCatchAll).findFirst();
    List<Listen> listens = new ArrayList<>(List.of(plainListen(true)));
    if (https) {
      listens.add(tlsListen(true));
    }
    Optional<TlsCertificate> cert = https ? ir.defaultCertificate() : Optional.empty();
    String comment = catchAll.isPresent() ? "every other host: the rules without a host" : "every other host";
    return server(comment, listens, List.of(), cert, https && cert.isEmpty(), catchAll);
  }

  /** Plain HTTP is HTTP/1.1 only: nginx cannot serve HTTP/1.1 and h2c on one port. */
  private Listen plainListen(boolean defaultServer) {
    return new Listen(options.httpPort(), false, defaultServer, false);
  }

  /** nginx 1.22 switches HTTP/2 per listening socket, so every server says the same. */
  private Listen tlsListen(boolean defaultServer) {
    return new Listen(options.httpsPort(), true, defaultServer, ir.listener().http2(),
        passthrough == null ? null : PassthroughPlanner.httpsSocket(options));
  }

  private List<ServerView> serversFor(String name) {
    Optional<VirtualHost> twinOf = hosts.wwwTwin(name);
    if (twinOf.isPresent()) {
      return WwwServers.of(name, twinOf.get(), plainListen(false), https ? tlsListen(false) : null,
          https ? hosts.certificateFor(name).map(c -> certificatePath(c, ".crt")) : Optional.empty(),
          https ? hosts.certificateFor(name).map(c -> certificatePath(c, ".key")) : Optional.empty(), options.httpsPort());
    }
    Optional<VirtualHost> vhost = ServerNames.isWildcard(name)
        ? hosts.wildcardOrCatchAll(name)
        : hosts.virtualHost(name);
    Optional<TlsCertificate> cert = https ? hosts.certificateFor(name) : Optional.empty();
    List<String> serverNames = List.of(ServerNames.serverName(name));
    String comment = "host " + name + vhost.map(v -> v.host().equals(name) ? ""
        : v.isCatchAll() ? ": TLS only, the rules without a host" : ": TLS only, the rules of " + v.host()).orElse(
        ": TLS only, no rules");
    boolean redirect = https && vhost.map(v -> v.fallbackRedirectsToHttps() && v.uniformHttpsRedirect()).orElse(false);
    if (!redirect) {
      List<Listen> listens = new ArrayList<>(List.of(plainListen(false)));
      if (https) {
        listens.add(tlsListen(false));
      }
      return List.of(server(comment, listens, serverNames, cert, https && cert.isEmpty(), vhost));
    }
    HttpsRedirect to = new HttpsRedirect(options.httpsPort() == 443 ? null : options.httpsPort());
    ServerView plain = new ServerView(comment + ": plain HTTP is redirected to https", List.of(
        plainListen(false)), serverNames, null, null, false, to, List.of());
    return List.of(plain, server(comment, List.of(tlsListen(false)), serverNames, cert,
        cert.isEmpty(), vhost));
  }

  private ServerView server(String comment, List<Listen> listens, List<String> names, Optional<TlsCertificate> cert,
      boolean reject, Optional<VirtualHost> vhost) {
    List<Route> routes = vhost.map(VirtualHost::routes).orElse(List.of());
    HttpsRedirect to = new HttpsRedirect(options.httpsPort() == 443 ? null : options.httpsPort());
    LocationPlanner planner = new LocationPlanner(routes, PlainHttpRedirects.routes(vhost, r -> r.redirect()
        .map(d -> Action.redirect(d.code(), d.location()))
        .orElseGet(() -> canaries.action(r, action(r.backend(), r.settings()))), to),
        PlainHttpRedirects.fallback(vhost, fallback(), to), fallbackComment(), sourceRanges::deniedOf,
        cors::of, rateLimits::of, auth::of, r -> NginxAffinity.cookiePath(ir, r, format == NginxFormat.LUA),
        basicAuth::of);
    List<LocationView> locations = planner.plan();
    return new ServerView(comment, listens, names, cert.map(c -> certificatePath(c, ".crt")).orElse(null),
        cert.map(c -> certificatePath(c, ".key")).orElse(null), reject, null, locations,
        AppRootStatements.of(vhost, listens));
  }

  /** The password files of the locations' basic auth ({@link NginxBasicAuth}). */
  List<dev.ingressc.emit.EmittedFile> passwordFiles() {
    return basicAuth.files();
  }

  private Action fallback() {
    return ir.defaultBackend().map(b -> action(b, RouteSettings.DEFAULTS)).orElse(Action.answer(404));
  }

  private String fallbackComment() {
    return ir.defaultBackend().map(b -> "no rule matches: the default backend " + b.ref().display())
        .orElse("no rule matches: 404");
  }

  private Action action(Backend b, RouteSettings s) {
    Upstream u = ir.upstream(b.upstream()).orElseThrow();
    Settings settings = s.equals(RouteSettings.DEFAULTS) ? null : settings(s);
    Keyword module = u.protocol().http2() ? Keyword.GRPC_MODULE : Keyword.PROXY_MODULE;
    Keyword scheme = scheme(u.protocol());
    if (lua.balances(u)) {
      // The same location whether the upstream has endpoints or not: only endpoints.conf differs.
      return new Action(null, module.markup(), scheme.markup(), scheme.text() + LuaBalancing.UPSTREAM, null,
          ids.id(u.name()), null, settings);
    }
    return switch (u.kind()) {
      case UNAVAILABLE -> Action.answer(503);
      case STATIC -> new Action(null, module.markup(), scheme.markup(), scheme.text() + ids.id(u.name()), null, null,
          null, settings);
      case DNS -> new Action(null, module.markup(), scheme.markup(), null, endpoints.of(u.name()).get(0).hostPort(), null, null,
          settings);
    };
  }

  /** The URL scheme that makes proxy_pass or grpc_pass speak the backend protocol. */
  private static Keyword scheme(BackendProtocol p) {
    return switch (p) {
      case HTTP -> Keyword.HTTP;
      case HTTPS -> Keyword.HTTPS;
      case GRPC -> Keyword.GRPC;
      case GRPCS -> Keyword.GRPCS;
    };
  }

  private static Settings settings(RouteSettings s) {
    return new Settings(s.connectTimeout().toMillis(), s.readTimeout().toMillis(), s.maxBodyBytes());
  }

  /** {@code tls/NAMESPACE/NAME.crt}, relative: nginx resolves it against nginx.conf's directory. */
  static String certificatePath(TlsCertificate c, String suffix) {
    String[] parts = c.id().split("/", -1);
    for (String p : parts) {
      ServerNames.serverName(p); // a namespace and a Secret name are DNS names; anything else is refused
    }
    if (parts.length != 2) {
      throw new NginxQuoting.UnsafeValueException("a certificate id must be NAMESPACE/NAME");
    }
    return TLS_DIR + "/" + parts[0] + "/" + parts[1] + suffix;
  }
}
