package dev.ingressc.annotations;

import static dev.ingressc.annotations.AnnotationEntries.guarding;
import static dev.ingressc.annotations.AnnotationEntries.harmless;
import static dev.ingressc.annotations.AnnotationEntries.notSupported;
import static dev.ingressc.annotations.AnnotationEntries.restricting;
import static dev.ingressc.annotations.AnnotationStatus.REFUSED;
import static dev.ingressc.annotations.AnnotationTable.NGINX;

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
  }
}
