package dev.ingressc.emit.nginx;

import dev.ingressc.emit.templating.EscapingOutputFormat;
import java.util.List;

/**
 * Everything nginx.conf says, decided. Templates print these records and decide nothing. Strings
 * and numbers are quoted by {@link NginxQuoting} when printed; only {@link Keyword} fragments are
 * printed as they are.
 *
 * @param runtime absolute paths for the pid file, logs and temp directories
 * @param serverNamesHash sized from the server names
 * @param defaults settings set once at the http level; locations repeat only what differs
 * @param https whether some server listens for TLS
 * @param resolverInclude the optional file that sets nginx's {@code resolver}, when some upstream
 *     is a DNS name; null otherwise
 * @param lua the Lua balancer of the {@code lua} format; null in the native format
 * @param grpc whether some location passes to a gRPC upstream (grpc_pass), which then gets the
 *     same headers and default settings as proxy_pass
 * @param upstreamTls whether some upstream is reached over TLS (backend protocol HTTPS or GRPCS)
 * @param refusedTargets the request targets every server answers with 400, first of all
 * @param passthrough the {@code stream} block of ssl-passthrough; null when no host is passed through
 * @param canaries the maps that choose each canary route's upstream
 * @param forwarding what the forwarding headers need (SEMANTICS.md, Forwarding headers)
 */
public record ConfigView(
    RuntimePaths runtime,
    HashSize serverNamesHash,
    Settings defaults,
    boolean https,
    String resolverInclude,
    LuaBalancer lua,
    boolean grpc,
    boolean upstreamTls,
    RefusedTargets refusedTargets,
    List<UpstreamView> upstreams,
    List<ServerView> servers,
    PassthroughStream passthrough,
    List<CanaryView> canaries,
    ForwardingView forwarding,
    boolean forwardedPrefix,
    List<GeoView> sourceRanges,
    List<CorsMaps> cors,
    List<RateZone> rateZones) {

  /**
   * With the forwarding headers of a listener on ports 80 and 443, no upstream-vhost and no
   * x-forwarded-prefix ({@code forwardedPrefix}: some location sets X-Forwarded-Prefix, SEMANTICS.md, Rewrites).
   */
  public ConfigView(RuntimePaths runtime, HashSize serverNamesHash, Settings defaults, boolean https,
      String resolverInclude, LuaBalancer lua, boolean grpc, boolean upstreamTls, RefusedTargets refusedTargets,
      List<UpstreamView> upstreams, List<ServerView> servers, PassthroughStream passthrough, List<CanaryView> canaries) {
    this(runtime, serverNamesHash, defaults, https, resolverInclude, lua, grpc, upstreamTls, refusedTargets, upstreams,
        servers, passthrough, canaries, new ForwardingView(80, 443, false), false, List.of(), List.of(), List.of());
  }

  /** Without ssl-passthrough and canaries. */
  public ConfigView(RuntimePaths runtime, HashSize serverNamesHash, Settings defaults, boolean https,
      String resolverInclude, LuaBalancer lua, boolean grpc, boolean upstreamTls, RefusedTargets refusedTargets,
      List<UpstreamView> upstreams, List<ServerView> servers) {
    this(runtime, serverNamesHash, defaults, https, resolverInclude, lua, grpc, upstreamTls, refusedTargets, upstreams,
        servers, null, List.of());
  }

  public record RuntimePaths(String pid, String errorLog, String accessLog, String clientBodyTemp, String proxyTemp,
      String fastcgiTemp, String uwsgiTemp, String scgiTemp) {}

  public record HashSize(int maxSize, int bucketSize) {}

  /**
   * The request-target policy's refusals ({@link dev.ingressc.ir.RequestTargets}), as the regex
   * source values of two maps, each already quoted by {@link NginxQuoting#mapRegex}.
   *
   * @param requestUri found in {@code $request_uri} (the target as sent): a refused class
   * @param requestLine found in {@code $request} (the request line as sent): a target that is not
   *     origin-form (absolute-form or asterisk-form)
   */
  public record RefusedTargets(EscapingOutputFormat.Markup requestUri, EscapingOutputFormat.Markup requestLine) {}

  /**
   * The {@code lua} format's one balancer upstream, which replaces the upstream blocks of every
   * round-robin and random upstream (see {@link NginxFormat#LUA}).
   *
   * @param modules the dynamic modules to load, absolute
   * @param upstreamName the name of the one upstream block
   * @param endpointsFile the file with the {@code map} from upstream id to its endpoints, relative
   * @param controlSocket the unix socket where the sidecar posts endpoint changes
   * @param keepalive idle connections kept per worker, over all upstreams together
   * @param mapHash sized from the keys of both maps (upstream ids, host routes)
   * @param hostRoutes the upstream id of each slot of each host on a server shared by hosts whose
   *     routes differ only in their backends, keyed {@code "HOST SLOT"}
   * @param affinities the session affinity of each upstream id that has one ({@link NginxAffinity})
   */
  public record LuaBalancer(List<String> modules, String upstreamName, String endpointsFile, String controlSocket,
      int keepalive, HashSize mapHash, List<MapEntry> hostRoutes, List<MapEntry> affinities) {}

  /** One entry of a {@code map} block. */
  public record MapEntry(String key, String value) {}

  /**
   * One line of the {@code lua} format's endpoints map.
   *
   * @param id the upstream id that locations set in {@code $ingressc_balanced}
   * @param peers the balancing method ({@code rr} or {@code random}), then each endpoint's
   *     {@code host:port}; the method alone when nothing can serve (the request gets 503)
   */
  public record PeerLine(String id, String peers) {}

  /**
   * One {@code map} of {@code endpoints.conf}: nginx reads no value longer than its 4 KB buffer, so
   * a long endpoint list is cut into parts, part N in the map of {@code $ingressc_peers_N} (part 1
   * in {@code $ingressc_peers}); a part that is continued ends with {@code " +"}.
   */
  public record PeerMap(EscapingOutputFormat.Markup variable, List<PeerLine> lines) {}

  /** Per-route proxy settings, in nginx units. */
  public record Settings(long connectMillis, long readMillis, long maxBodyBytes) {}

  /**
   * An {@code upstream} block for a set of static endpoints.
   *
   * @param balance the balancing directive; null for round-robin, nginx's default
   */
  public record UpstreamView(String id, String comment, EscapingOutputFormat.Markup balance, List<String> servers,
      int keepalive) {}

  /**
   * One {@code server} block.
   *
   * @param names server_name values; empty for the default server
   * @param certificate the certificate file, relative to nginx.conf; null when none
   * @param rejectHandshake whether a TLS handshake that picks this server is refused
   * @param redirect present when every request gets a 308 to https; then there are no locations
   */
  public record ServerView(String comment, List<Listen> listens, List<String> names, String certificate,
      String certificateKey, boolean rejectHandshake, HttpsRedirect redirect, List<LocationView> locations,
      AppRootView appRoot, WwwView www) {

    public ServerView(String comment, List<Listen> listens, List<String> names, String certificate,
        String certificateKey, boolean rejectHandshake, HttpsRedirect redirect, List<LocationView> locations,
        AppRootView appRoot) {
      this(comment, listens, names, certificate, certificateKey, rejectHandshake, redirect, locations, appRoot, null);
    }

    /** The auth subrequest and sign-in locations its locations need, once each, in order. */
    public List<AuthView.Locations> authLocations() {
      return AuthView.Locations.of(locations);
    }

    public ServerView(String comment, List<Listen> listens, List<String> names, String certificate,
        String certificateKey, boolean rejectHandshake, HttpsRedirect redirect, List<LocationView> locations) {
      this(comment, listens, names, certificate, certificateKey, rejectHandshake, redirect, locations, null);
    }
  }

  /**
   * A twin's from-to-www-redirect: the whole server answers 308 (WwwServers).
   *
   * @param target the scheme, host and port redirected to (what servers compare to share)
   * @param location the quoted Location: the target, then the request target less one trailing slash
   */
  public record WwwView(String target, EscapingOutputFormat.Markup location) {}

  /**
   * A host's app-root, answered at server level before any location (AppRootStatements).
   *
   * @param tlsOnly only requests over TLS are answered here (plain HTTP to {@code /} gets the
   *     https redirect of its location first)
   * @param path the application root, as the IR holds it (what servers compare to share)
   * @param location the quoted Location: {@code "$scheme://$http_host/app-root"}
   */
  public record AppRootView(boolean tlsOnly, String path, EscapingOutputFormat.Markup location) {}

  /**
   * @param http2 whether the socket offers HTTP/2 by ALPN; only with {@code ssl}
   * @param socket a unix socket ({@code unix:PATH}) listened on instead of {@code port}, taking
   *     the PROXY protocol (ssl-passthrough's stream block in front); null otherwise
   */
  public record Listen(int port, boolean ssl, boolean defaultServer, boolean http2, String socket) {
    public Listen(int port, boolean ssl, boolean defaultServer, boolean http2) {
      this(port, ssl, defaultServer, http2, null);
    }
  }

  /**
   * One location.
   *
   * @param modifier {@code =} or {@code ^~}, or a regex location's {@code ~* "^REGEX"}
   * @param rewrite what the location does to the path and X-Forwarded-Prefix before it acts; null for nothing
   * @param upstreamHost the Host its backend receives (upstream-vhost), set into
   *     {@code $ingressc_upstream_host}; null: the client's (SEMANTICS.md, Forwarding headers)
   * @param denied the variable that is 1 for a client its source ranges keep out ({@link NginxSourceRanges}); null: none
   * @param cors its CORS policy's preflight answer and headers ({@link NginxCors}); null: none
   * @param rateLimit its rate limit's zone and burst ({@link NginxRateLimits}); null: none
   * @param auth its external auth ({@link NginxExternalAuth}); null: none
   * @param cookiePath the session affinity cookie's default Path ({@link NginxAffinity}); null: no affinity
   * @param basic its basic auth ({@link NginxBasicAuth}); null: none
   */
  public record LocationView(EscapingOutputFormat.Markup modifier, String path, String comment, Action action,
      RewriteView rewrite, String upstreamHost, EscapingOutputFormat.Markup denied, CorsView cors,
      RateLimitView rateLimit, AuthView auth, String cookiePath, NginxBasicAuth.BasicView basic) {
    public LocationView(EscapingOutputFormat.Markup modifier, String path, String comment, Action action) {
      this(modifier, path, comment, action, null, null, null, null, null, null, null, null);
    }

    /** The same location under another path, comment and action; everything else stays. */
    LocationView with(String path, String comment, Action action) {
      return new LocationView(modifier, path, comment, action, rewrite, upstreamHost, denied, cors, rateLimit, auth,
          cookiePath, basic);
    }

    /** What decides how it answers: the same without its comment, with {@code action} instead. */
    LocationView shape(Action action) {
      return new LocationView(modifier, path, null, action, rewrite, upstreamHost, denied, cors, rateLimit, auth,
          cookiePath, basic);
    }
  }

  /**
   * A {@code limit_req_zone} (or, without a rate, a {@code limit_conn_zone}) keyed by the client
   * address: its name and rate ({@link NginxRateLimits}).
   *
   * @param exempt limit-whitelist's ranges, whose clients get an empty key (nginx limits no empty key); empty: none
   * @param exemptVariable the {@code geo} variable that is 1 for an exempt client; null without ranges
   * @param key the zone's key: {@code $binary_remote_addr}, or the {@code map} of it that is empty for an exempt client
   */
  public record RateZone(EscapingOutputFormat.Markup name, EscapingOutputFormat.Markup rate, List<String> exempt,
      EscapingOutputFormat.Markup exemptVariable, EscapingOutputFormat.Markup key) {}

  /**
   * A location's {@code limit_req}: its zone and burst, and the status beyond them ({@code limit_req_status});
   * and its {@code limit_conn}: its zone, the requests at once and the status beyond them. A zone is null
   * when the route has no such limit.
   */
  public record RateLimitView(EscapingOutputFormat.Markup zone, long burst, int status,
      EscapingOutputFormat.Markup connZone, long connections, int connStatus) {}

  /**
   * A route's rewrite (SEMANTICS.md, Rewrites), printed before its action's proxying.
   *
   * @param unrewritable the regex of {@code $request_uri} that gets 400 ({@code dev.ingressc.ir.Rewrite}); null without a target
   * @param regex {@code rewrite}'s regex, quoted; null without a target
   * @param replacement {@code rewrite}'s replacement with its captures, quoted; null without a target
   * @param forwardedPrefix the X-Forwarded-Prefix value; null for the client's own, if any
   */
  public record RewriteView(EscapingOutputFormat.Markup unrewritable, EscapingOutputFormat.Markup regex,
      EscapingOutputFormat.Markup replacement, String forwardedPrefix) {}

  /**
   * What a location does: answer a status, or proxy.
   *
   * @param status 404 or 503 answered by nginx itself; null when proxying
   * @param module the nginx module that proxies: {@code proxy}, or {@code grpc} for gRPC upstreams;
   *     its directives ({@code _pass}, the timeouts) are this word and a suffix; null for a status
   * @param scheme how the upstream is spoken to: {@code http://}, {@code https://}, {@code grpc://}
   *     or {@code grpcs://}; null for a status
   * @param proxyUrl the scheme and the upstream block's name; null for a DNS target
   * @param dnsTarget {@code host:port} resolved per request; null otherwise
   * @param balanced the upstream id the Lua balancer looks up; null otherwise
   * @param slot on a server shared by hosts with different backends: the key, with the Host, of
   *     the upstream id in the host-route map; null otherwise
   * @param settings present only where they differ from {@link ConfigView#defaults()}
   * @param canary for a route with a canary: the variable holding the chosen upstream
   *     ({@link CanaryView#result()}; empty for 503); null otherwise
   * @param canaryBalanced whether that variable holds a Lua balancer id (then {@code proxyUrl} is
   *     the balancer's) rather than an upstream block's name or a host:port
   * @param location with {@code status}: the redirect's Location ({@code return CODE URL}); else null
   * @param httpsRedirect present when plain HTTP to this location gets the 308 to https first (a
   *     host whose routes differ on it: ssl-redirect, force-ssl-redirect); else null
   */
  public record Action(Integer status, EscapingOutputFormat.Markup module, EscapingOutputFormat.Markup scheme,
      String proxyUrl, String dnsTarget, String balanced, String slot, Settings settings,
      EscapingOutputFormat.Markup canary, boolean canaryBalanced, String location, HttpsRedirect httpsRedirect) {

    public Action(Integer status, EscapingOutputFormat.Markup module, EscapingOutputFormat.Markup scheme,
        String proxyUrl, String dnsTarget, String balanced, String slot, Settings settings) {
      this(status, module, scheme, proxyUrl, dnsTarget, balanced, slot, settings, null, false, null, null);
    }

    /** The same action, plain HTTP redirected to https first. */
    Action redirectingPlainHttp(HttpsRedirect to) {
      return new Action(status, module, scheme, proxyUrl, dnsTarget, balanced, slot, settings, canary, canaryBalanced,
          location, to);
    }

    static Action answer(int status) {
      return new Action(status, null, null, null, null, null, null, null);
    }

    static Action canary(EscapingOutputFormat.Markup module, EscapingOutputFormat.Markup scheme, String proxyUrl,
        EscapingOutputFormat.Markup variable, boolean balanced, Settings settings) {
      return new Action(null, module, scheme, proxyUrl, null, null, null, settings, variable, balanced, null, null);
    }

    /** A redirect answered by nginx itself: the URL as written, the request's path and query not appended. */
    static Action redirect(int status, String location) {
      return new Action(status, null, null, null, null, null, null, null, null, false, location, null);
    }

    /** The same proxying, its upstream id looked up by Host and {@code slot}. */
    Action bySlot(String slot) {
      return new Action(status, module, scheme, proxyUrl, dnsTarget, null, slot, settings, canary, canaryBalanced,
          location, httpsRedirect);
    }

    /** The same action with a placeholder for its upstream id: what hosts sharing a server must agree on. */
    Action anyBalanced() {
      return balanced == null ? this : new Action(status, module, scheme, proxyUrl, dnsTarget, "*", slot, settings,
          canary, canaryBalanced, location, httpsRedirect);
    }
  }
}
