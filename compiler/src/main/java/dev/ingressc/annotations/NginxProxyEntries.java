package dev.ingressc.annotations;

import static dev.ingressc.annotations.AnnotationEntries.harmless;
import static dev.ingressc.annotations.AnnotationEntries.honoured;
import static dev.ingressc.annotations.AnnotationEntries.notSupported;
import static dev.ingressc.annotations.AnnotationStatus.HONOURED;
import static dev.ingressc.annotations.AnnotationTable.NGINX;

import java.util.List;
import java.util.Set;

/**
 * ingress-nginx's keys for how a routed request is proxied (limits and timeouts, headers, CORS,
 * cookies, affinity, backend TLS, tuning and telemetry) and the keys it removed long ago: the part
 * of {@link AnnotationTable} after routing.
 */
final class NginxProxyEntries {
  private static final String CLASS_PARAMETERS = "the IngressClass parameters' setting applies to the whole class";

  private NginxProxyEntries() {}

  /** Adds this part's keys to the table's list, in the table's order. */
  static void addTo(List<KnownAnnotation> k) {
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
    k.add(honoured(NGINX + "limit-rps", "requests per second per client address (the connection's, or a"
        + " trusted proxy's X-Forwarded-For's), per proxy"
        + " instance, with a burst of the rate times limit-burst-multiplier; beyond it 503" + limits));
    k.add(honoured(NGINX + "limit-rpm", "requests per minute likewise; ignored with a warning when limit-rps is set"
        + " too (every target applies one rate per route)" + limits));
    k.add(honoured(NGINX + "limit-connections", "requests per client address in progress at once on each route (nginx's"
        + " limit_conn); one more gets 503; limit-whitelist exempts" + limits)
        .needing(dev.ingressc.ir.TargetFeature.CONNECTION_LIMITS));
    k.add(honoured(NGINX + "limit-burst-multiplier", "the burst is the rate times this (default 5)" + limits));
    k.add(notSupported(NGINX + "limit-rate", "responses are not rate limited"));
    k.add(notSupported(NGINX + "limit-rate-after", "responses are not rate limited"));
    k.add(honoured(NGINX + "limit-whitelist", "client addresses in these IPv4 or IPv6 ranges are never rate limited"
        + " (limit-rps, limit-rpm) nor counted; an entry that is no range is ignored with a warning"
        + " (dev.ingressc.normalize.RateLimitAnnotations; SEMANTICS.md, Rate limits)"));
    k.add(honoured(NGINX + "limit-allowlist", "limit-whitelist's newer name, read as it is; it wins when both are set"
        + " (dev.ingressc.normalize.RateLimitAnnotations; SEMANTICS.md, Rate limits)"));
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
    String affinity = " (dev.ingressc.normalize.AffinityAnnotations; SEMANTICS.md, Session affinity)";
    k.add(honoured(NGINX + "affinity", "cookie: the Service port's requests"
        + " stick to an endpoint by a cookie the proxy sets (every route to it, the first Ingress naming it with"
        + " affinity deciding the cookie; nginx: --format lua only, the native format warns and balances as usual);"
        + " any other value: none, warned" + affinity));
    k.add(honoured(NGINX + "affinity-mode", "balanced (default) or persistent, both served alike: a client stays on"
        + " its endpoint while it is ready (Envoy's consistent hash may move some clients when endpoints are added)"
        + affinity));
    k.add(honoured(NGINX + "session-cookie-name", "the cookie's name (default INGRESSCOOKIE): letters, digits, - _ ."
        + affinity));
    k.add(honoured(NGINX + "session-cookie-path", "the cookie's Path (default the route's path; / for a regex path)"
        + affinity));
    k.add(honoured(NGINX + "session-cookie-expires", "seconds: sent as Max-Age when session-cookie-max-age is not set"
        + " (no target can send Expires alike)" + affinity));
    k.add(honoured(NGINX + "session-cookie-max-age", "the cookie's Max-Age in seconds (default: a session cookie)"
        + affinity));
    k.add(honoured(NGINX + "session-cookie-samesite", "the cookie's SameSite: None, Lax or Strict" + affinity));
    k.add(honoured(NGINX + "session-cookie-secure", "true: the cookie is Secure over plain HTTP too (it always is over"
        + " TLS)" + affinity));
    k.add(notSupported(NGINX + "session-cookie-domain", "the cookie has no Domain: the host that set it gets it"));
    k.add(notSupported(NGINX + "session-cookie-conditional-samesite-none", "SameSite is sent as set, whatever the"
        + " client"));
    k.add(notSupported(NGINX + "session-cookie-change-on-failure", "a client whose endpoint fails is not moved until"
        + " the endpoint is no longer ready"));
    k.add(notSupported(NGINX + "session-cookie-hash", "removed from ingress-nginx; the cookie's value is each target's"
        + " own"));

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
  }
}
