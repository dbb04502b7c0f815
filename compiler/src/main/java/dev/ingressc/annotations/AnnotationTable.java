package dev.ingressc.annotations;

import static dev.ingressc.annotations.AnnotationStatus.HARMLESS;
import static dev.ingressc.annotations.AnnotationStatus.HONOURED;
import static dev.ingressc.annotations.AnnotationStatus.NOT_SUPPORTED;
import static dev.ingressc.annotations.AnnotationStatus.REFUSED;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one table of every annotation key ingressc knows: ingress-nginx's keys as it spells them,
 * the Kubernetes ones, and the prefixes of other controllers and of metadata-only tools. Every
 * report about annotations ({@link AnnotationAccounting}, {@code describe}, docs/annotations.md)
 * reads this table and nothing else.
 */
public final class AnnotationTable {
  /** ingress-nginx's prefix (its default {@code --annotations-prefix}). */
  public static final String NGINX = "nginx.ingress.kubernetes.io/";

  private static final String CLASS_PARAMETERS = "the IngressClass parameters' setting applies to the whole class";
  private static final String SNIPPET = "ingressc never copies text from objects into proxy configuration (it would let any"
      + " Ingress author inject configuration); use the annotation that does the job, or ask for one";

  private static final Map<String, KnownAnnotation> KNOWN;
  private static final List<AnnotationFamily> FAMILIES;

  static {
    List<KnownAnnotation> k = new ArrayList<>();
    // Kubernetes' own.
    k.add(honoured("kubernetes.io/ingress.class", "names the IngressClass when spec.ingressClassName is empty"));

    // Fail closed: serving the Ingress without these would let in whom they keep out.
    k.add(restricting(NGINX + "auth-url", "external authentication (auth_request)"));
    k.add(restricting(NGINX + "auth-signin", "the sign-in redirect of external authentication"));
    k.add(restricting(NGINX + "auth-type", "basic or digest authentication"));
    k.add(restricting(NGINX + "auth-secret", "the credentials of basic or digest authentication"));
    k.add(restricting(NGINX + "auth-tls-secret", "client-certificate authentication (mutual TLS)"));
    k.add(restricting(NGINX + "auth-tls-verify-client", "client-certificate verification", "off"));
    // Honoured, and still failing closed under another controller's prefix (AnnotationAccounting).
    String ranges = " (dev.ingressc.normalize.SourceRangeAnnotations; SEMANTICS.md, Source ranges)";
    k.add(guarding(NGINX + "allowlist-source-range", "only clients whose connection's address is in these IPv4 or IPv6"
        + " ranges reach the backends of the Ingress's routes; others get 403; a range that is not one rejects the"
        + " Ingress" + ranges));
    k.add(guarding(NGINX + "whitelist-source-range", "the older name of allowlist-source-range, which wins when both"
        + " are set" + ranges));
    k.add(guarding(NGINX + "denylist-source-range", "clients whose connection's address is in these ranges get 403"
        + " from the Ingress's routes, before the allow list is read" + ranges));
    k.add(restricting(NGINX + "enable-modsecurity", "the ModSecurity web application firewall", "false"));
    k.add(restricting(NGINX + "enable-owasp-core-rules", "the OWASP core rules of ModSecurity", "false"));
    k.add(restricting(NGINX + "proxy-ssl-verify", "verification of the backend's certificate: without it traffic could go to"
        + " an impostor", "off"));

    // Settings that only matter together with an access-control annotation above (which rejects).
    for (String s : List.of("auth-realm", "auth-secret-type", "auth-method", "auth-response-headers", "auth-request-redirect",
        "auth-cache-key", "auth-cache-duration", "auth-proxy-set-headers", "auth-signin-redirect-param", "auth-keepalive",
        "auth-keepalive-share-vars", "auth-keepalive-requests", "auth-keepalive-timeout", "auth-always-set-cookie",
        "auth-tls-verify-depth", "auth-tls-error-page", "auth-tls-pass-certificate-to-upstream", "auth-tls-match-cn",
        "satisfy", "modsecurity-transaction-id")) {
      k.add(notSupported(NGINX + s, "nothing: it only tunes authentication, which ingressc does not do yet (an Ingress that"
          + " asks for authentication is rejected)"));
    }
    k.add(harmless(NGINX + "enable-global-auth", "ingressc has no global authentication to turn off"));

    // Snippets: text copied into the proxy's configuration.
    for (String s : List.of("configuration-snippet", "server-snippet", "stream-snippet", "auth-snippet", "modsecurity-snippet")) {
      k.add(new KnownAnnotation(NGINX + s, REFUSED, false, Set.of(), SNIPPET));
    }

    // Routing.
    k.add(honoured(NGINX + "backend-protocol", "HTTP, HTTPS, GRPC or GRPCS to the Services the Ingress names"
        + " (dev.ingressc.normalize.BackendProtocols); the backend's certificate is not verified, as in ingress-nginx;"
        + " AUTO_HTTP, AJP and FCGI fall back to HTTP with a warning"));
    k.add(new KnownAnnotation(NGINX + "canary", HONOURED, false, Set.of("false"), "the Ingress is a canary: its paths"
        + " attach to the main Ingress's routes with the same host, path and pathType (dev.ingressc.normalize.Canaries);"
        + " its other annotations, spec.tls and spec.defaultBackend are ignored with a warning, as in ingress-nginx"));
    k.add(honoured(NGINX + "canary-by-header", "the header (first value) chooses: always the canary, never the main"
        + " backend; else the cookie, then the weight decide"));
    k.add(honoured(NGINX + "canary-by-header-value", "this exact header value chooses the canary; others fall through"));
    k.add(honoured(NGINX + "canary-by-header-pattern", "a header value this regex finds (unanchored; RE2 subset, checked)"
        + " chooses the canary; others fall through"));
    k.add(honoured(NGINX + "canary-by-cookie", "the cookie chooses: always the canary, never the main backend"));
    k.add(honoured(NGINX + "canary-weight", "this many requests of canary-weight-total go to the canary"));
    k.add(honoured(NGINX + "canary-weight-total", "the weight's total (default 100; under 100 is ignored, as in"
        + " ingress-nginx, with a warning)"));
    k.add(notSupported(NGINX + "affinity-canary-behavior", "nothing: session affinity is not supported yet"));
    k.add(honoured(NGINX + "use-regex", "ImplementationSpecific paths are case-insensitive regexes anchored at the"
        + " start, and, as in ingress-nginx, so is every path of every Ingress on the same host, with a warning"
        + " (dev.ingressc.normalize.UseRegex, RegexHosts); only syntax that PCRE and RE2 run alike is accepted"));
    String rewrites = " (dev.ingressc.normalize.RouteRewrites; SEMANTICS.md, Rewrites)";
    k.add(honoured(NGINX + "rewrite-target", "the backend receives the target as its path, $1...$9 the captures of"
        + " the path's regex on the canonical path, the query kept; the host's paths become regexes, as with use-regex;"
        + " a request whose path holds a run of slashes or an escape of a rule character, or an empty query, gets 400"
        + rewrites));
    k.add(honoured(NGINX + "x-forwarded-prefix", "the backend receives X-Forwarded-Prefix with the value, from every"
        + " path of the Ingress's rules (regex or not), replacing the client's own" + rewrites));
    k.add(honoured(NGINX + "app-root", "a request for / of the Ingress's hosts (the whole host, any Ingress's route)"
        + " gets 302 to scheme://Host/app-root, its query dropped; a value that is not a path is ignored, as in"
        + " ingress-nginx (dev.ingressc.normalize.AppRoots; SEMANTICS.md, Redirects)"));
    String redirects = " (dev.ingressc.normalize.RouteRedirects; SEMANTICS.md, Redirects)";
    k.add(honoured(NGINX + "permanent-redirect", "every path of the Ingress answers a redirect to the URL, its path and"
        + " query not appended; temporal-redirect wins when both are set" + redirects));
    k.add(honoured(NGINX + "permanent-redirect-code", "the permanent redirect's code, 301 by default; 301, 302, 303, 307"
        + " or 308 (another code from 300 to 308 rejects the Ingress: Envoy and HAProxy cannot answer it)" + redirects));
    k.add(honoured(NGINX + "temporal-redirect", "every path of the Ingress answers a redirect to the URL, its path and"
        + " query not appended" + redirects));
    k.add(honoured(NGINX + "temporal-redirect-code", "the temporal redirect's code, 302 by default; 301, 302, 303 or 307"
        + redirects));
    k.add(honoured(NGINX + "from-to-www-redirect", "requests for the www. twin of an exact rule host (or the bare twin of a"
        + " www. host) get 308 to the host, scheme kept, the target kept but one trailing / of a path without query;"
        + " not when the twin is a rule host itself (dev.ingressc.normalize.WwwRedirects; SEMANTICS.md, Redirects)"));
    k.add(notSupported(NGINX + "preserve-trailing-slash", "ingressc's https redirect keeps the path as it is", "true"));
    String https = " (dev.ingressc.normalize.SslRedirects; SEMANTICS.md, TLS)";
    k.add(honoured(NGINX + "ssl-redirect", "per Ingress: whether plain HTTP to its paths on a TLS host gets the 308 to"
        + " https; unset, the class parameter sslRedirect decides" + https));
    k.add(honoured(NGINX + "force-ssl-redirect", "per Ingress: plain HTTP to its paths gets the 308 to https even when"
        + " the host has no TLS here" + https));
    k.add(honoured(NGINX + "ssl-passthrough", "the TLS connections of the Ingress's exact hosts pass by SNI to the backend"
        + " of their path \"/\" (dev.ingressc.normalize.SslPassthroughs); other paths, annotations and spec.tls apply"
        + " to plain HTTP only, with a warning each"));
    k.add(notSupported(NGINX + "server-alias", "only the hosts in spec.rules are served"));
    k.add(notSupported(NGINX + "default-backend", "requests no rule takes go to spec.defaultBackend or --default-backend"));
    k.add(notSupported(NGINX + "custom-http-errors", "the backend's error responses pass through unchanged"));
    k.add(honoured(NGINX + "upstream-vhost", "the Host header the backends of the Ingress's paths (and their canaries)"
        + " receive instead of the client's; a host name or IPv4 address with an optional port, else the Ingress is"
        + " rejected (dev.ingressc.normalize.UpstreamVhosts; SEMANTICS.md, Forwarding headers)"));
    k.add(notSupported(NGINX + "service-upstream", "requests go to the Service's ready endpoints directly", "false"));
    k.add(notSupported(NGINX + "mirror-target", "requests are not mirrored"));
    k.add(notSupported(NGINX + "mirror-host", "requests are not mirrored"));
    k.add(notSupported(NGINX + "mirror-request-body", "requests are not mirrored"));

    // Limits and timeouts: the Ingress's over its class parameters.
    String proxySettings = " (dev.ingressc.normalize.ProxySettingsAnnotations; SEMANTICS.md, Proxy settings per"
        + " Ingress)";
    k.add(honoured(NGINX + "proxy-body-size", "the largest request body the Ingress's routes accept (413 above it;"
        + " 0: no limit), an nginx size (1048576, 512k, 8m, 1g), over the class's proxyBodySize" + proxySettings));
    k.add(honoured(NGINX + "proxy-connect-timeout", "seconds to wait for a backend connection, over the class's"
        + " proxyConnectTimeout; Envoy sets it per cluster: routes to one Service port with different values"
        + " get the longest" + proxySettings));
    k.add(honoured(NGINX + "proxy-read-timeout", "seconds a backend may stay silent, over the class's"
        + " proxyReadTimeout: one inactivity timer for both directions on every target (nginx's read and send"
        + " timeouts, HAProxy's timeout server, Envoy's route idle_timeout)" + proxySettings));
    k.add(honoured(NGINX + "proxy-send-timeout", "no target but nginx has a separate send timeout: the inactivity"
        + " timer of proxy-read-timeout takes the longer of the two (a warning when they differ)" + proxySettings));
    k.add(notSupported(NGINX + "load-balance", CLASS_PARAMETERS + " (loadBalancing, default round-robin)"));
    k.add(notSupported(NGINX + "upstream-hash-by", CLASS_PARAMETERS + " (loadBalancing; client-ip-hash hashes the client"
        + " address)"));
    k.add(notSupported(NGINX + "upstream-hash-by-subset", CLASS_PARAMETERS + " (loadBalancing)"));
    k.add(notSupported(NGINX + "upstream-hash-by-subset-size", CLASS_PARAMETERS + " (loadBalancing)"));
    String limits = " (dev.ingressc.normalize.RateLimitAnnotations; SEMANTICS.md, Rate limits)";
    k.add(honoured(NGINX + "limit-rps", "requests per second per client address (the connection's), per proxy"
        + " instance, with a burst of the rate times limit-burst-multiplier; beyond it 503" + limits));
    k.add(honoured(NGINX + "limit-rpm", "requests per minute likewise; ignored with a warning when limit-rps is set"
        + " too (every target applies one rate per route)" + limits));
    k.add(notSupported(NGINX + "limit-connections", "connections are not limited"));
    k.add(honoured(NGINX + "limit-burst-multiplier", "the burst is the rate times this (default 5)" + limits));
    k.add(notSupported(NGINX + "limit-rate", "responses are not rate limited"));
    k.add(notSupported(NGINX + "limit-rate-after", "responses are not rate limited"));
    k.add(notSupported(NGINX + "limit-whitelist", "requests are not rate limited, so there is nothing to exempt"));
    k.add(notSupported(NGINX + "limit-allowlist", "requests are not rate limited, so there is nothing to exempt"));
    for (String s : List.of("global-rate-limit", "global-rate-limit-window", "global-rate-limit-key",
        "global-rate-limit-ignored-cidrs")) {
      k.add(notSupported(NGINX + s, "requests are not rate limited"));
    }
    k.add(notSupported(NGINX + "proxy-next-upstream", "each proxy's default retry applies"));
    k.add(notSupported(NGINX + "proxy-next-upstream-timeout", "each proxy's default retry applies"));
    k.add(notSupported(NGINX + "proxy-next-upstream-tries", "each proxy's default retry applies"));
    k.add(notSupported(NGINX + "proxy-request-buffering", "request bodies are handled as each target's semantics say",
        "on"));
    k.add(notSupported(NGINX + "proxy-http-version", "ingressc speaks HTTP/1.1 to backends", "1.1"));

    // Headers, CORS, cookies, affinity.
    String cors = " (dev.ingressc.normalize.CorsAnnotations; SEMANTICS.md, CORS)";
    k.add(new KnownAnnotation(NGINX + "enable-cors", HONOURED, false, Set.of("false"), "the proxy answers CORS for"
        + " the Ingress's routes: an allowed OPTIONS request gets 204 without reaching the backend, other allowed"
        + " requests' answers carry the Access-Control-* headers, replacing the backend's own" + cors));
    k.add(honoured(NGINX + "cors-allow-origin", "the origins allowed (default *: any), matched whole and ignoring case,"
        + " *. standing for one DNS label; a request from another origin is left to the backend" + cors));
    k.add(honoured(NGINX + "cors-allow-methods", "Access-Control-Allow-Methods (default GET, PUT, POST, DELETE, PATCH,"
        + " OPTIONS)" + cors));
    k.add(honoured(NGINX + "cors-allow-headers", "Access-Control-Allow-Headers (ingress-nginx's default list)" + cors));
    k.add(honoured(NGINX + "cors-expose-headers", "Access-Control-Expose-Headers (default: not sent)" + cors));
    k.add(honoured(NGINX + "cors-allow-credentials", "Access-Control-Allow-Credentials: true (default true)" + cors));
    k.add(honoured(NGINX + "cors-max-age", "Access-Control-Max-Age in seconds (default 1728000)" + cors));
    k.add(notSupported(NGINX + "custom-headers", "no headers are added"));
    k.add(notSupported(NGINX + "connection-proxy-header", "the Connection header to the backend is ingressc's own"));
    k.add(notSupported(NGINX + "proxy-cookie-domain", "Set-Cookie domains pass through unchanged"));
    k.add(notSupported(NGINX + "proxy-cookie-path", "Set-Cookie paths pass through unchanged"));
    k.add(notSupported(NGINX + "proxy-redirect-from", "Location headers pass through unchanged"));
    k.add(notSupported(NGINX + "proxy-redirect-to", "Location headers pass through unchanged"));
    k.add(notSupported(NGINX + "affinity", "no session affinity: " + CLASS_PARAMETERS + " (loadBalancing)"));
    for (String s : List.of("affinity-mode", "session-cookie-name", "session-cookie-path", "session-cookie-domain",
        "session-cookie-expires", "session-cookie-max-age", "session-cookie-secure", "session-cookie-samesite",
        "session-cookie-conditional-samesite-none", "session-cookie-change-on-failure", "session-cookie-hash")) {
      k.add(notSupported(NGINX + s, "nothing: session affinity is not supported yet"));
    }

    // Backend TLS beyond the protocol.
    for (String s : List.of("proxy-ssl-secret", "proxy-ssl-ciphers", "proxy-ssl-name", "proxy-ssl-protocols",
        "proxy-ssl-verify-depth", "proxy-ssl-server-name")) {
      k.add(notSupported(NGINX + s, "backend TLS (backend-protocol HTTPS or GRPCS) sends no SNI, offers each target's"
          + " default protocols and ciphers, and does not verify the backend's certificate"));
    }
    k.add(notSupported(NGINX + "ssl-ciphers", "ingressc's TLS settings (TLS 1.2 and later, each proxy's default ciphers)"
        + " apply"));
    k.add(notSupported(NGINX + "ssl-prefer-server-ciphers", "each proxy's default applies"));

    // Tuning and telemetry that change nothing a client or backend can rely on.
    k.add(notSupported(NGINX + "proxy-buffering", "responses reach the client as the backend sends them and are not"
        + " read ahead for a slow client, on every target (ingress-nginx's default; HAProxy and Envoy cannot)", "off"));
    for (String s : List.of("proxy-buffers-number", "proxy-buffer-size", "proxy-max-temp-file-size",
        "client-body-buffer-size")) {
      k.add(harmless(NGINX + s, "buffer tuning: each proxy's defaults apply, and requests and responses are the same"));
    }
    for (String s : List.of("enable-access-log", "enable-rewrite-log", "enable-opentracing", "opentracing-trust-incoming-span",
        "enable-opentelemetry", "opentelemetry-trust-incoming-span", "opentelemetry-operation-name", "enable-influxdb",
        "influxdb-measurement", "influxdb-port", "influxdb-host", "influxdb-server-name")) {
      k.add(harmless(NGINX + s, "logging and telemetry only: what requests get is the same"));
    }
    k.add(harmless(NGINX + "http2-push-preload", "HTTP/2 server push is gone from browsers and from nginx itself"));

    // Removed from ingress-nginx long ago, still found in old manifests.
    k.add(notSupported(NGINX + "secure-backends", "removed from ingress-nginx; the backend is spoken to over plain HTTP"
        + " (backend-protocol replaces it)", "false"));
    k.add(notSupported(NGINX + "grpc-backend", "removed from ingress-nginx; the backend is spoken to over plain HTTP"
        + " (backend-protocol replaces it)", "false"));
    k.add(notSupported(NGINX + "add-base-url", "removed from ingress-nginx; no base tag is added", "false"));
    k.add(notSupported(NGINX + "base-url-scheme", "removed from ingress-nginx; no base tag is added"));

    TreeMap<String, KnownAnnotation> byKey = new TreeMap<>();
    for (KnownAnnotation a : k) {
      if (byKey.put(a.key(), a) != null) {
        throw new IllegalStateException("annotation listed twice: " + a.key());
      }
    }
    KNOWN = Collections.unmodifiableMap(byKey);

    FAMILIES = List.of(
        other("nginx.org/", "NGINX Inc's NGINX Ingress Controller"),
        other("nginx.com/", "NGINX Inc's NGINX Ingress Controller"),
        other("appprotect.f5.com/", "NGINX Inc's NGINX Ingress Controller (App Protect)"),
        other("haproxy.org/", "the HAProxy Kubernetes Ingress Controller (haproxytech)"),
        other("haproxy.com/", "the HAProxy Kubernetes Ingress Controller (haproxytech)"),
        other("haproxy-ingress.github.io/", "HAProxy Ingress (jcmoraisjr)"),
        other("ingress.kubernetes.io/", "HAProxy Ingress, Voyager or Traefik 1 (the unprefixed legacy keys)"),
        other("traefik.ingress.kubernetes.io/", "Traefik"),
        other("traefik.frontend.", "Traefik 1"),
        other("alb.ingress.kubernetes.io/", "the AWS Load Balancer Controller"),
        other("appgw.ingress.kubernetes.io/", "the Azure Application Gateway Ingress Controller"),
        other("kubernetes.io/ingress.global-static-ip-name", "GKE Ingress"),
        other("kubernetes.io/ingress.regional-static-ip-name", "GKE Ingress"),
        other("kubernetes.io/ingress.allow-http", "GKE Ingress"),
        other("ingress.gcp.kubernetes.io/", "GKE Ingress"),
        other("networking.gke.io/", "GKE Ingress"),
        other("cloud.google.com/", "GKE Ingress"),
        other("projectcontour.io/", "Contour"),
        other("contour.heptio.com/", "Contour"),
        other("konghq.com/", "Kong"),
        other("getambassador.io/", "Emissary-ingress"),
        other("zalando.org/", "Skipper"),
        other("ingress.cilium.io/", "Cilium"),
        other("ingress.citrix.com/", "the Citrix ingress controller"),
        metadata("cert-manager.io/", "cert-manager"),
        metadata("acme.cert-manager.io/", "cert-manager"),
        metadata("certmanager.k8s.io/", "cert-manager (legacy)"),
        metadata("kubernetes.io/tls-acme", "cert-manager's ingress-shim (legacy)"),
        metadata("external-dns.alpha.kubernetes.io/", "external-dns"),
        metadata("kubectl.kubernetes.io/", "kubectl"),
        metadata("kubernetes.io/change-cause", "kubectl"),
        metadata("meta.helm.sh/", "Helm"),
        metadata("helm.sh/", "Helm"),
        metadata("argocd.argoproj.io/", "Argo CD"),
        metadata("fluxcd.io/", "Flux"),
        metadata("kustomize.toolkit.fluxcd.io/", "Flux"),
        metadata("config.kubernetes.io/", "kustomize"),
        metadata("kapp.k14s.io/", "kapp"),
        metadata("field.cattle.io/", "Rancher"));
  }

  private AnnotationTable() {}

  /** Why snippets are refused, for keys the table lists and for any other {@code *-snippet}. */
  static String snippetReason() {
    return SNIPPET;
  }

  /** Every known key, sorted. */
  public static List<KnownAnnotation> known() {
    return List.copyOf(KNOWN.values());
  }

  public static Optional<KnownAnnotation> lookup(String key) {
    return Optional.ofNullable(KNOWN.get(key));
  }

  /** Every prefix family, in the order they are tried. */
  public static List<AnnotationFamily> families() {
    return FAMILIES;
  }

  public static Optional<AnnotationFamily> family(String key) {
    return FAMILIES.stream().filter(f -> f.covers(key)).findFirst();
  }

  private static KnownAnnotation honoured(String key, String reason) {
    return new KnownAnnotation(key, HONOURED, false, Set.of(), reason);
  }

  /** Honoured, and restricting access: the same name under another prefix fails closed. */
  private static KnownAnnotation guarding(String key, String reason) {
    return new KnownAnnotation(key, HONOURED, true, Set.of(), reason);
  }

  private static KnownAnnotation harmless(String key, String reason) {
    return new KnownAnnotation(key, HARMLESS, false, Set.of(), reason);
  }

  private static KnownAnnotation notSupported(String key, String instead, String... inert) {
    return new KnownAnnotation(key, NOT_SUPPORTED, false, Set.of(inert), instead);
  }

  private static KnownAnnotation restricting(String key, String what, String... inert) {
    return new KnownAnnotation(key, NOT_SUPPORTED, true, Set.of(inert), what);
  }

  private static AnnotationFamily other(String prefix, String owner) {
    return new AnnotationFamily(prefix, owner, false);
  }

  private static AnnotationFamily metadata(String prefix, String owner) {
    return new AnnotationFamily(prefix, owner, true);
  }
}
