package dev.ingressc.annotations;

import static dev.ingressc.annotations.AnnotationEntries.guarding;
import static dev.ingressc.annotations.AnnotationEntries.harmless;
import static dev.ingressc.annotations.AnnotationEntries.honoured;
import static dev.ingressc.annotations.AnnotationEntries.notSupported;
import static dev.ingressc.annotations.AnnotationEntries.restricting;
import static dev.ingressc.annotations.AnnotationStatus.REFUSED;
import static dev.ingressc.annotations.AnnotationTable.NGINX;

import dev.ingressc.ir.TargetFeature;
import java.util.List;
import java.util.Set;

/**
 * ingress-nginx's keys that decide who gets in (authentication, source ranges, the WAF, backend
 * verification; most fail closed) and its snippets, which are refused: the part of
 * {@link AnnotationTable} that keeps access control from ever being served open.
 */
final class NginxAccessEntries {
  static final String SNIPPET = "ingressc never copies text from objects into proxy configuration (it would let any"
      + " Ingress author inject configuration); use the annotation that does the job, or ask for one";

  private NginxAccessEntries() {}

  /** Adds this part's keys to the table's list, in the table's order. */
  static void addTo(List<KnownAnnotation> k) {
    // Fail closed: serving the Ingress without these would let in whom they keep out.
    String auth = " (dev.ingressc.normalize.ExternalAuthAnnotations; SEMANTICS.md, External auth)";
    TargetFeature asks = TargetFeature.EXTERNAL_AUTH;
    k.add(guarding(NGINX + "auth-url", "before the backend, the proxy asks this http or https URL (no variables) with"
        + " the request's headers and no body: 2xx lets the request through, 401 gives 401 (or the sign-in redirect),"
        + " 403 gives 403, anything else or no answer 500; a URL that cannot be used as written rejects the Ingress"
        + auth).needing(asks));
    k.add(honoured(NGINX + "auth-signin", "where a 401 of the auth service sends the client (302), with rd= and the"
        + " request's URL appended unless the URL has it; $scheme, $host, $http_host, $request_uri and"
        + " $escaped_request_uri are the request's" + auth).needing(asks, TargetFeature.ESCAPED_REQUEST_URI));
    k.add(honoured(NGINX + "auth-method", "the auth request's method (default GET); setting it also sends X-Original-URI"
        + " and X-Scheme, as ingress-nginx does" + auth).needing(asks));
    k.add(honoured(NGINX + "auth-response-headers", "these headers of the auth service's 2xx answer are set on the"
        + " request to the backend, and removed from it when the answer lacks them" + auth).needing(asks));
    k.add(honoured(NGINX + "auth-request-redirect", "the X-Auth-Request-Redirect value sent to the auth service (default:"
        + " the request target as sent)" + auth).needing(asks));
    k.add(honoured(NGINX + "auth-signin-redirect-param", "the name of the parameter that carries the request's URL to"
        + " the sign-in page (default rd)" + auth).needing(asks));
    String basic = " (dev.ingressc.normalize.BasicAuthAnnotations; SEMANTICS.md, Basic auth)";
    k.add(guarding(NGINX + "auth-type", "basic: a request reaches the backend only with the user and password of a user"
        + " of auth-secret, else 401 with WWW-Authenticate; digest (no target does it) or another value rejects the"
        + " Ingress" + basic));
    k.add(guarding(NGINX + "auth-secret", "the Secret of the Ingress's own namespace that lists the users; a missing or"
        + " unreadable Secret, or a hash the target cannot check, makes the routes answer 503" + basic)
        .needing(TargetFeature.APR1_HASHES, TargetFeature.CRYPT_HASHES));
    k.add(honoured(NGINX + "auth-secret-type", "auth-file (default: htpasswd lines under the key auth) or auth-map (a"
        + " key per user, its value the hash)" + basic));
    k.add(honoured(NGINX + "auth-realm", "the realm of the 401's WWW-Authenticate (default empty); printable ASCII"
        + " without \" \\ $" + basic));
    k.add(restricting(NGINX + "auth-tls-secret", "client-certificate authentication (mutual TLS)"));
    k.add(restricting(NGINX + "auth-tls-verify-client", "client-certificate verification", "off"));
    // Honoured, and still failing closed under another controller's prefix (AnnotationAccounting).
    String ranges = " (dev.ingressc.normalize.SourceRangeAnnotations; SEMANTICS.md, Source ranges)";
    k.add(guarding(NGINX + "allowlist-source-range", "only clients whose address (the connection's, or the one a"
        + " trusted proxy's X-Forwarded-For names: SEMANTICS.md, Client address) is in these IPv4 or IPv6 ranges"
        + " reach the backends of the Ingress's routes; others get 403; a range that is not one rejects the Ingress"
        + ranges));
    k.add(guarding(NGINX + "whitelist-source-range", "the older name of allowlist-source-range, which wins when both"
        + " are set" + ranges));
    k.add(guarding(NGINX + "denylist-source-range", "clients whose address is in these ranges get 403"
        + " from the Ingress's routes, before the allow list is read" + ranges));
    k.add(restricting(NGINX + "enable-modsecurity", "the ModSecurity web application firewall", "false"));
    k.add(restricting(NGINX + "enable-owasp-core-rules", "the OWASP core rules of ModSecurity", "false"));
    k.add(restricting(NGINX + "proxy-ssl-verify", "verification of the backend's certificate: without it traffic could go to"
        + " an impostor", "off"));

    // Settings that only matter together with an access-control annotation above (which rejects).
    k.add(notSupported(NGINX + "auth-cache-key", "nothing: every request asks the auth service (no auth answer is cached)"));
    k.add(notSupported(NGINX + "auth-cache-duration", "nothing: every request asks the auth service (no auth answer is"
        + " cached)"));
    k.add(notSupported(NGINX + "auth-proxy-set-headers", "nothing: the auth service gets the request's headers and"
        + " ingress-nginx's own, not these"));
    k.add(notSupported(NGINX + "auth-always-set-cookie", "the auth service's Set-Cookie reaches the client on the"
        + " backend's 2xx and 3xx answers only"));
    for (String s : List.of("auth-keepalive", "auth-keepalive-share-vars", "auth-keepalive-requests",
        "auth-keepalive-timeout")) {
      k.add(harmless(NGINX + s, "connections to the auth service are the proxy's own business"));
    }
    for (String s : List.of("auth-tls-verify-depth", "auth-tls-error-page", "auth-tls-pass-certificate-to-upstream", "auth-tls-match-cn",
        "modsecurity-transaction-id")) {
      k.add(notSupported(NGINX + s, "nothing: it only tunes client-certificate authentication or the WAF, which ingressc does"
          + " not do (an Ingress that asks for them is rejected)"));
    }
    k.add(notSupported(NGINX + "satisfy", "every access check applies (ingress-nginx's satisfy all): a client must pass"
        + " the source ranges and the authentication both, which keeps out more than satisfy any would, never fewer"));
    k.add(harmless(NGINX + "enable-global-auth", "ingressc has no global authentication to turn off"));

    // Snippets: text copied into the proxy's configuration.
    for (String s : List.of("configuration-snippet", "server-snippet", "stream-snippet", "auth-snippet", "modsecurity-snippet")) {
      k.add(new KnownAnnotation(NGINX + s, REFUSED, false, Set.of(), SNIPPET));
    }
  }
}
