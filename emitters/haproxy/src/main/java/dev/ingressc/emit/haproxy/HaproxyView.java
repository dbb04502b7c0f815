package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.templating.EscapingOutputFormat;
import dev.ingressc.ir.Endpoint;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the HAProxy templates print, decided in {@link HaproxyViewBuilder}. The templates
 * only loop and print; every string goes through {@link HaproxyQuoting}.
 *
 * @param runtime absolute paths of the pid file and the runtime API socket
 * @param httpPort plain HTTP port
 * @param refusedTarget the regular expression (PCRE, searched in path and query) of the request
 *     targets answered 400 ({@link dev.ingressc.ir.RequestTargets#REFUSED_TARGET})
 * @param https the HTTPS listener, or null when no host is served over TLS
 * @param catchAll whether host-less rules exist (Host headers no host rule takes use them)
 * @param redirect how plain-HTTP requests to TLS hosts are redirected, or null when none is
 * @param defaultBackend the backend for requests no route takes
 * @param backends every backend, sorted by name
 * @param maps the map files
 * @param bodyLimit the Lua filter that counts bodies of unknown length against a backend's limit
 * @param passthrough the TCP frontend of ssl-passthrough, or null when no host is passed through
 * @param canaries the routes with a canary, whose map value is a token the frontend resolves
 * @param regexRoutes the routes of regex hosts (use-regex), in the IR's order: tried before the maps,
 *     the first match wins (in haproxy.cfg, so a change reloads: the runtime API cannot keep an order)
 * @param redirectBackends the backends that answer a route's redirect, sorted by name; part of the
 *     fixed config (a change reloads), since the runtime API cannot make one
 * @param perRouteHttps whether some host's routes differ on the https redirect (ssl-redirect,
 *     force-ssl-redirect): then the route maps mark a redirecting route with {@code ~} and the
 *     redirects map tells {@code 1} (every request) from {@code fallback} (paths no route takes)
 * @param clientAddress the client address behind trusted proxies ({@link HaproxyClientAddress}), or null
 *     when no proxy is trusted: the client address is the connection's
 */
public record HaproxyView(
    Runtime runtime,
    int httpPort,
    String refusedTarget,
    Https https,
    boolean catchAll,
    Redirect redirect,
    String defaultBackend,
    List<BackendView> backends,
    Maps maps,
    BodyLimit bodyLimit,
    HaproxyPassthrough passthrough,
    List<CanaryView> canaries,
    List<RegexRoute> regexRoutes,
    List<RedirectBackend> redirectBackends,
    boolean perRouteHttps,
    List<AppRootRule> appRoots,
    List<WwwTwin> wwwTwins,
    ClientAddress clientAddress) {

  /** Without trusted proxies ({@link HaproxyClientAddress}). */
  public HaproxyView(Runtime runtime, int httpPort, String refusedTarget, Https https, boolean catchAll,
      Redirect redirect, String defaultBackend, List<BackendView> backends, Maps maps, BodyLimit bodyLimit,
      HaproxyPassthrough passthrough, List<CanaryView> canaries, List<RegexRoute> regexRoutes,
      List<RedirectBackend> redirectBackends, boolean perRouteHttps, List<AppRootRule> appRoots,
      List<WwwTwin> wwwTwins) {
    this(runtime, httpPort, refusedTarget, https, catchAll, redirect, defaultBackend, backends, maps, bodyLimit,
        passthrough, canaries, regexRoutes, redirectBackends, perRouteHttps, appRoots, wwwTwins, null);
  }

  /**
   * The client address behind trusted proxies (SEMANTICS.md, Client address; {@link HaproxyClientAddress}).
   *
   * @param luaPath the absolute path of the Lua file that registers the action (loaded as the body limit's)
   * @param ranges the trusted ranges, {@code ADDR/PREFIX} joined by commas: the action's one word
   */
  public record ClientAddress(String luaPath, String ranges) {

    /** The same without the directory, as {@link BodyLimit#withoutDirectory}. */
    public ClientAddress withoutDirectory() {
      return new ClientAddress(Path.of(luaPath).getFileName().toString(), ranges);
    }
  }

  /** Without from-to-www-redirect ({@link WwwTwins}). */
  public HaproxyView(Runtime runtime, int httpPort, String refusedTarget, Https https, boolean catchAll,
      Redirect redirect, String defaultBackend, List<BackendView> backends, Maps maps, BodyLimit bodyLimit,
      HaproxyPassthrough passthrough, List<CanaryView> canaries, List<RegexRoute> regexRoutes,
      List<RedirectBackend> redirectBackends, boolean perRouteHttps, List<AppRootRule> appRoots) {
    this(runtime, httpPort, refusedTarget, https, catchAll, redirect, defaultBackend, backends, maps, bodyLimit,
        passthrough, canaries, regexRoutes, redirectBackends, perRouteHttps, appRoots, List.of());
  }

  /** The external auth action's Lua file, next to the body limit's, when some backend asks an auth service; else null. */
  public String authLua() {
    return backends.stream().anyMatch(b -> b.auth() != null)
        ? java.nio.file.Path.of(bodyLimit.luaPath()).resolveSibling(HaproxyExternalAuth.LUA_FILE).toString() : null;
  }

  /** The statuses whose answers carry the auth service's Set-Cookie, as nginx's add_header adds it. */
  public EscapingOutputFormat.Markup authCookieStatuses() {
    return HaproxyOutputFormat.CFG.markup(dev.ingressc.ir.ExternalAuth.COOKIE_STATUSES.stream().map(String::valueOf)
        .collect(java.util.stream.Collectors.joining(" ")));
  }

  /**
   * A twin name redirected to its host (from-to-www-redirect): 308 to the target of the request's
   * scheme, then the target as sent, less one trailing slash of a path without query.
   *
   * @param from the twin, as {@code txn.host} holds it
   * @param fromDot the twin with a trailing dot
   * @param httpTarget {@code http://host}
   * @param httpsTarget {@code https://host[:port]}; null without a TLS port
   */
  public record WwwTwin(String from, String fromDot, String httpTarget, String httpsTarget) {}

  /** Without app-root ({@link AppRootRules}). */
  public HaproxyView(Runtime runtime, int httpPort, String refusedTarget, Https https, boolean catchAll,
      Redirect redirect, String defaultBackend, List<BackendView> backends, Maps maps, BodyLimit bodyLimit,
      HaproxyPassthrough passthrough, List<CanaryView> canaries, List<RegexRoute> regexRoutes,
      List<RedirectBackend> redirectBackends, boolean perRouteHttps) {
    this(runtime, httpPort, refusedTarget, https, catchAll, redirect, defaultBackend, backends, maps, bodyLimit,
        passthrough, canaries, regexRoutes, redirectBackends, perRouteHttps, List.of(), List.of());
  }

  /**
   * A host's app-root: a request whose canonical path is {@code /} gets 302 to the scheme, the
   * Host as sent and {@code path}, after every https redirect (SEMANTICS.md, Redirects).
   *
   * @param vhost the host's value of {@code txn.vhost}
   * @param path the application root
   */
  public record AppRootRule(String vhost, String path) {}

  /** Without ssl-passthrough, canaries, regex routes and route redirects. */
  public HaproxyView(Runtime runtime, int httpPort, String refusedTarget, Https https, boolean catchAll,
      Redirect redirect, String defaultBackend, List<BackendView> backends, Maps maps, BodyLimit bodyLimit) {
    this(runtime, httpPort, refusedTarget, https, catchAll, redirect, defaultBackend, backends, maps, bodyLimit, null,
        List.of(), List.of(), List.of(), false);
  }
  /**
   * One route with a canary, as the frontend resolves its token (SEMANTICS.md, Canaries). The
   * header and cookie tests run on the first occurrence of the field.
   *
   * @param token the route maps' value for the route
   * @param acl the name of the acl that finds the token
   * @param canaryBackend the canary's backend (or the 503 backend)
   * @param mainBackend the main backend (or the 503 backend)
   * @param header the header name, or null
   * @param headerEquals the header value that chooses the canary, or null
   * @param headerFinds the regex a header value must hold to choose the canary, or null
   * @param headerNever the header value that chooses the main backend, or null
   * @param cookieAlways the regex that finds the cookie's {@code always} in the Cookie header, or null
   * @param cookieNever likewise for {@code never}, or null
   * @param weight requests of {@code total} that the canary takes when neither decides
   */
  public record CanaryView(String token, String acl, String comment, String canaryBackend, String mainBackend,
      String header, String headerEquals, String headerFinds, String headerNever, String cookieAlways,
      String cookieNever, int weight, int total) {}
  /**
   * One regex route: taken when the virtual host is {@code vhost} and the decoded path matches
   * {@code regex} (searched case-insensitively, anchored: {@code RegexPaths.anchored}).
   */
  public record RegexRoute(String vhost, String regex, String backend, String comment, RegexRewrite rewrite) {
    public RegexRoute(String vhost, String regex, String backend, String comment) {
      this(vhost, regex, backend, comment, null);
    }
  }

  /**
   * A regex route's rewrite (SEMANTICS.md, Rewrites; {@link HaproxyRewrites}): when the route wins,
   * {@code txn.rewrite} is {@code id}; before use_backend, 400 when the target is {@code unrewritable},
   * then {@code replace-path} of the raw path. (X-Forwarded-Prefix is the backend's,
   * {@link BackendView#forwardedPrefix}.)
   *
   * @param unrewritable the pathq regex that gets 400; null without a target
   * @param pathRegex replace-path's regex (the whole path); null without a target
   * @param replacement replace-path's format, captures as {@code \1}...
   */
  public record RegexRewrite(String id, String unrewritable, String pathRegex, String replacement) {}

  /**
   * A backend that answers every request with a redirect (a route's permanent-redirect or
   * temporal-redirect): {@code location} as written, the request's path and query not appended.
   */
  public record RedirectBackend(String name, String location, int code) {}

  public record Runtime(String pidFile, String apiSocket) {}

  /**
   * @param port the HTTPS port
   * @param defaultCertificate the certificate for unknown SNI, or null: then {@code strict-sni}
   *     refuses the handshake
   * @param crtList the crt-list file of SNI certificates
   * @param http2 whether ALPN offers h2 (then http/1.1); without it there is no ALPN, so HTTP/1.1
   * @param socket with ssl-passthrough, the unix socket ({@code unix@PATH}) bound instead of the
   *     port, behind the TCP frontend, with the PROXY protocol; null otherwise
   */
  public record Https(int port, String defaultCertificate, String crtList, boolean http2, String socket) {
    public Https(int port, String defaultCertificate, String crtList, boolean http2) {
      this(port, defaultCertificate, crtList, http2, null);
    }
  }

  /** @param port the HTTPS port to put in the Location, or null for 443 (left out, as browsers do) */
  public record Redirect(Integer port) {}

  /**
   * @param name the backend's name (also the value in the route maps)
   * @param balance HAProxy's algorithm keyword
   * @param status a fixed status HAProxy answers itself (404, 503), or 0 for a proxied backend
   * @param comment a comment printed above the backend, or null
   * @param serverOptions words every server line of the backend ends with, free slots too: how
   *     the backend protocol is spoken ({@code ssl verify none}, {@code proto h2}, ...); empty for HTTP
   * @param hostHeader the Host its servers receive (upstream-vhost), or null for the client's
   * @param forwardedPrefix the X-Forwarded-Prefix its servers receive (x-forwarded-prefix), or null
   *     for the client's own field, if any
   * @param denied the IPv4 source ranges kept out, a few per {@code acl} line ({@link HaproxySourceRanges}); empty: none
   * @param denied6 the IPv6 ones, likewise
   * @param allowed the IPv4 source ranges let in, likewise; with {@code allowed6} empty: every client not denied
   * @param allowed6 the IPv6 ones, likewise
   * @param cors the CORS policy its routes answer for ({@link HaproxyCors}); null: none
   * @param rate the rate limit of its route ({@link HaproxyRateLimits}); null: none
   * @param basicAuth the users its route asks for ({@link HaproxyBasicAuth}); null: none
   * @param auth the external auth of its route ({@link HaproxyExternalAuth}); null: none
   * @param affinity the session affinity of its upstream ({@link HaproxyAffinity}); null: none
   * @param ipv6Clients whether {@code src} may be an IPv6 address (a trusted proxy's X-Forwarded-For may name
   *     one; {@link HaproxyClientAddress}): HAProxy compares an IPv4-compatible ({@code ::a.b.c.d}) or 6to4
   *     ({@code 2002::/16}) one with an IPv4 range as IPv4, so then every range test checks the family, by the
   *     address's text; otherwise {@code src} is always IPv4 (the listeners bind IPv4) and only IPv6 ranges do
   */
  public record BackendView(String name, String balance, int status, long connectTimeoutMs,
      long serverTimeoutMs, long maxBodyBytes, List<ServerView> servers, String comment, List<String> serverOptions,
      String hostHeader, String forwardedPrefix, List<List<String>> denied, List<List<String>> denied6,
      List<List<String>> allowed, List<List<String>> allowed6, CorsView cors, RateView rate,
      BasicAuthView basicAuth, AuthView auth, HaproxyAffinity.View affinity, boolean ipv6Clients) {

    public BackendView {
      serverOptions = List.copyOf(serverOptions);
    }

    /** With {@code ranges}' rules ({@link HaproxySourceRanges}) and {@code cors}' ({@link HaproxyCors}); none when empty. */
    public BackendView(String name, String balance, int status, long connectTimeoutMs, long serverTimeoutMs,
        long maxBodyBytes, List<ServerView> servers, String comment, List<String> serverOptions, String hostHeader,
        String forwardedPrefix, java.util.Optional<dev.ingressc.ir.SourceRanges> ranges,
        java.util.Optional<dev.ingressc.ir.Cors> cors, RateView rate, BasicAuthView basicAuth,
        java.util.Optional<dev.ingressc.ir.ExternalAuth> auth, HaproxyAffinity.View affinity, boolean ipv6Clients) {
      this(name, balance, status, connectTimeoutMs, serverTimeoutMs, maxBodyBytes, servers, comment, serverOptions,
          hostHeader, forwardedPrefix, HaproxySourceRanges.chunks(ranges, false, false),
          HaproxySourceRanges.chunks(ranges, false, true), HaproxySourceRanges.chunks(ranges, true, false),
          HaproxySourceRanges.chunks(ranges, true, true), cors.map(HaproxyCors::view).orElse(null), rate, basicAuth,
          auth.map(HaproxyExternalAuth::view).orElse(null), affinity, ipv6Clients);
    }

    public BackendView(String name, String balance, int status, long connectTimeoutMs, long serverTimeoutMs,
        long maxBodyBytes, List<ServerView> servers, String comment, List<String> serverOptions) {
      this(name, balance, status, connectTimeoutMs, serverTimeoutMs, maxBodyBytes, servers, comment, serverOptions, null,
          null, List.of(), List.of(), List.of(), List.of(), null, null, null, null, null, false);
    }

    /**
     * Whether the two differ at most in name and servers (and the comment, which HAProxy never
     * reads), i.e. one can stand in for the other at run time: the runtime API changes a server's
     * address, never how it is spoken to. Derived, not listed: every other field, a new one too,
     * needs a reload when it changes.
     */
    public boolean sameShape(BackendView o) {
      return shape().equals(o.shape());
    }

    /** This backend without what the runtime API can change or HAProxy does not read. */
    BackendView shape() {
      return new BackendView(null, balance, status, connectTimeoutMs, serverTimeoutMs, maxBodyBytes, List.of(), null,
          serverOptions, hostHeader, forwardedPrefix, denied, denied6, allowed, allowed6, cors, rate, basicAuth, auth,
          affinity, ipv6Clients);
    }

    /**
     * What {@code acl ingressc_ipv4} (an IPv4 client) tests, or null when no rule asks: {@code src
     * 0.0.0.0/0} while {@code src} is always IPv4 (only an IPv4 client's IPv4-mapped form could
     * match an IPv6 range), else {@code src}'s text, which only an IPv4 address writes with digits
     * and dots alone ({@link #ipv6Clients}).
     */
    public EscapingOutputFormat.Markup ipv4Acl() {
      boolean asked = !denied6.isEmpty() || !allowed6.isEmpty() || ipv6Clients && (!denied.isEmpty()
          || !allowed.isEmpty() || rate != null && rate.exempting());
      return !asked ? null : HaproxyOutputFormat.CFG.markup(ipv6Clients ? "src -m reg ^[0-9.]+$" : "src 0.0.0.0/0");
    }

    /** The condition that keeps a client out by an IPv4 deny range (and, with {@link #ipv6Clients}, an IPv4 client). */
    public EscapingOutputFormat.Markup deniedCondition() {
      return HaproxyOutputFormat.CFG.markup("ingressc_denied" + (ipv6Clients ? " ingressc_ipv4" : ""));
    }

    /**
     * The condition that lets a client in through the allow lists: in an IPv4 allowed range (and,
     * with {@link #ipv6Clients}, an IPv4 client), or in an IPv6 one while not an IPv4 client
     * ({@link HaproxySourceRanges}).
     */
    public EscapingOutputFormat.Markup allowedCondition() {
      String v4 = allowed.isEmpty() ? null : "ingressc_allowed" + (ipv6Clients ? " ingressc_ipv4" : "");
      String v6 = allowed6.isEmpty() ? null : "ingressc_allowed6 !ingressc_ipv4";
      return HaproxyOutputFormat.CFG.markup(v4 == null ? v6 : v6 == null ? v4 : v4 + " || " + v6);
    }

    /** What limit-whitelist's IPv4 ranges ask besides the range, before it: with {@link #ipv6Clients} an IPv4 client, else nothing (null). */
    public EscapingOutputFormat.Markup exemptGuard() {
      return ipv6Clients ? HaproxyOutputFormat.CFG.markup("ingressc_ipv4") : null;
    }

    /** What its IPv6 ranges ask besides the range, before it: a client that is not IPv4. */
    public EscapingOutputFormat.Markup exempt6Guard() {
      return HaproxyOutputFormat.CFG.markup(ipv6Clients ? "!ingressc_ipv4" : "!{ src 0.0.0.0/0 }");
    }

    /** Whether some server is resolved through DNS (the runtime API cannot move those). */
    public boolean resolvesNames() {
      return servers.stream().anyMatch(ServerView::dns);
    }
  }

  /**
   * One server slot. Slots beyond the endpoints are disabled placeholders that the runtime API can
   * fill without a reload.
   *
   * @param address {@code host:port}, IPv6 in brackets
   * @param dns whether the host is a name to resolve at run time
   * @param endpoint the endpoint of an enabled slot, null for a free one
   */
  public record ServerView(String name, String address, boolean enabled, boolean dns, Endpoint endpoint) {}

  /**
   * @param luaPath the absolute path of the Lua file that registers the filter: HAProxy 2.6 loads
   *     it again for each thread after parsing, from its own working directory, so a path relative
   *     to haproxy.cfg would not do
   * @param filter the filter's name as a {@code filter} line in a backend takes it
   */
  public record BodyLimit(String luaPath, String filter) {

    /** The same without the directory: where the files are does not change what HAProxy does. */
    public BodyLimit withoutDirectory() {
      return new BodyLimit(Path.of(luaPath).getFileName().toString(), filter);
    }
  }

  public record Maps(String hosts, String redirects, String exactPaths, String prefixPaths) {}

  /** One line of a map file. */
  public record MapEntry(String key, String value) {}




  /**
   * The basic auth userlists, one per distinct credentials with a crypt(3) user, by name. Derived
   * from the backends (as {@link #rateTables}), so a change of users changes a backend's shape and reloads.
   */
  public List<BasicAuthView.Userlist> userlists() {
    java.util.Map<String, BasicAuthView.Userlist> out = new java.util.TreeMap<>();
    backends.stream().filter(b -> b.basicAuth() != null && b.basicAuth().userlist() != null)
        .map(b -> b.basicAuth().userlist()).forEach(u -> {
          BasicAuthView.Userlist had = out.putIfAbsent(u.name(), u);
          if (had != null && !had.equals(u)) {
            throw new IllegalStateException("two userlists named " + u.name()); // HaproxyBasicAuth names them apart
          }
        });
    return List.copyOf(out.values());
  }

  /** The rate limits' stick tables, one per limited route, by name. */
  public List<RateView> rateTables() {
    java.util.Map<String, RateView> out = new java.util.TreeMap<>();
    backends.stream().filter(b -> b.rate() != null && b.rate().table() != null)
        .forEach(b -> out.putIfAbsent(b.rate().table(), b.rate()));
    return List.copyOf(out.values());
  }

  /** The connection limits' stick tables, one per limited route, by name. */
  public List<String> connTables() {
    return backends.stream().filter(b -> b.rate() != null && b.rate().connTable() != null)
        .map(b -> b.rate().connTable()).distinct().sorted().toList();
  }
}
