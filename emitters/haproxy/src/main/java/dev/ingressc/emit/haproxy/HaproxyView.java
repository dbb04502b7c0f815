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
