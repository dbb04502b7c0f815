package dev.ingressc.annotations;

import static dev.ingressc.annotations.AnnotationEntries.honoured;
import static dev.ingressc.annotations.AnnotationEntries.notSupported;
import static dev.ingressc.annotations.AnnotationStatus.HONOURED;
import static dev.ingressc.annotations.AnnotationTable.NGINX;

import java.util.List;
import java.util.Set;

/**
 * ingress-nginx's routing keys (backend protocol, canaries, regex paths, rewrites, redirects, https,
 * passthrough, hosts, mirroring): the part of {@link AnnotationTable} that decides where a request
 * goes.
 */
final class NginxRoutingEntries {
  private NginxRoutingEntries() {}

  /** Adds this part's keys to the table's list, in the table's order. */
  static void addTo(List<KnownAnnotation> k) {
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
    k.add(notSupported(NGINX + "affinity-canary-behavior", "the canary side is chosen per request as before"
        + " (legacy); each side sticks by its own Service's session affinity"));
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
  }
}
