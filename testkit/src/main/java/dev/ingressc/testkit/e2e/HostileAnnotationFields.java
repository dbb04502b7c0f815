package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.e2e.HostileInputs.NS;
import static dev.ingressc.testkit.e2e.HostileInputs.field;
import static dev.ingressc.testkit.e2e.HostileInputs.json;
import static dev.ingressc.testkit.e2e.HostileObjectFields.backendIngress;
import static dev.ingressc.testkit.e2e.HostileObjectFields.hostIngress;
import static dev.ingressc.testkit.e2e.HostileObjectFields.objectIngress;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import dev.ingressc.testkit.fixtures.FlowManifests;

import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The hostile fields of {@link HostileInputs#fields()} that are ingress-nginx annotations
 * (ssl-passthrough, canaries, redirects, rewrites, proxy settings, source ranges, CORS, rate limits,
 * external auth, basic auth, session affinity, upstream-vhost, app-root, from-to-www-redirect): one per honoured
 * annotation that reads a value.
 */
final class HostileAnnotationFields {
  private HostileAnnotationFields() {}

  /** Adds these fields to {@code out}, in the order {@link HostileInputs#fields()} lists them. */
  static void addTo(List<Arguments> out) {
    out.add(field("ssl-passthrough", HostileAnnotationFields::passthroughIngresses));
    // Canaries (SEMANTICS.md, Canaries): each hostile value in one canary annotation, on a canary of
    // its own main route (victimN); a header name, value, pattern or cookie name the engines cannot
    // read alike is rejected, the others are printed inertly.
    for (String key : List.of("canary-by-header", "canary-by-header-value", "canary-by-header-pattern",
        "canary-by-cookie", "canary-weight")) {
      out.add(field(key, (i, h) -> canaryIngress(i, key, h)));
    }
    // Redirects (SEMANTICS.md, Redirects): the URL's path and host, and the code annotations.
    out.add(field("permanent-redirect", (i, h) -> objectIngress("hostile-" + i, NS, "  annotations: {"
        + json("nginx.ingress.kubernetes.io/permanent-redirect") + ": " + json("https://r.example.com/" + h) + ", "
        + json("nginx.ingress.kubernetes.io/permanent-redirect-code") + ": " + json(h) + "}\n", i)));
    out.add(field("temporal-redirect", (i, h) -> objectIngress("hostile-" + i, NS, "  annotations: {"
        + json("nginx.ingress.kubernetes.io/temporal-redirect") + ": " + json("http://" + h + "/x?" + h) + ", "
        + json("nginx.ingress.kubernetes.io/temporal-redirect-code") + ": " + json(h) + "}\n", i)));
    out.add(field("ssl-redirect", (i, h) -> objectIngress("hostile-" + i, NS, "  annotations: {"
        + json("nginx.ingress.kubernetes.io/ssl-redirect") + ": " + json(h) + ", "
        + json("nginx.ingress.kubernetes.io/force-ssl-redirect") + ": " + json(h) + "}\n", i)));
    // Rewrites (SEMANTICS.md, Rewrites): the target as written, after "/" and a capture, and the
    // X-Forwarded-Prefix, also alone (on plain paths); a value outside the whitelist rejects the
    // Ingress, one inside is inert.
    out.add(field("rewrite-target", (i, h) -> objectIngress("hostile-" + i, NS, "  annotations: {"
        + json("nginx.ingress.kubernetes.io/rewrite-target") + ": " + json("/$1" + h) + ", "
        + json("nginx.ingress.kubernetes.io/x-forwarded-prefix") + ": " + json("/" + h) + "}\n", i)));
    out.add(field("rewrite-target-as-written", (i, h) -> objectIngress("hostile-" + i, NS, "  annotations: {"
        + json("nginx.ingress.kubernetes.io/rewrite-target") + ": " + json(h) + ", "
        + json("nginx.ingress.kubernetes.io/x-forwarded-prefix") + ": " + json(h) + "}\n", i)));
    out.add(field("x-forwarded-prefix", (i, h) -> objectIngress("hostile-" + i, NS, "  annotations: {"
        + json("nginx.ingress.kubernetes.io/x-forwarded-prefix") + ": " + json("/" + h) + "}\n", i)));
    // Proxy settings per Ingress (SEMANTICS.md): a value that is not a number of the annotation's
    // form is ignored with a warning; only a number reaches any target.
    out.add(field("proxy-settings", (i, h) -> objectIngress("hostile-" + i, NS, "  annotations: {"
        + json("nginx.ingress.kubernetes.io/proxy-body-size") + ": " + json("1m" + h) + ", "
        + json("nginx.ingress.kubernetes.io/proxy-connect-timeout") + ": " + json(h) + ", "
        + json("nginx.ingress.kubernetes.io/proxy-read-timeout") + ": " + json("5" + h) + ", "
        + json("nginx.ingress.kubernetes.io/proxy-send-timeout") + ": " + json(h + "5") + "}\n", i)));
    // Source ranges (SEMANTICS.md): after a valid range, alone, and in the deny list; a value that
    // is not a list of ranges rejects the Ingress (never served open), so nothing of it reaches a target.
    out.add(field("source-ranges", (i, h) -> objectIngress("hostile-" + i, NS, "  annotations: {"
        + json("nginx.ingress.kubernetes.io/allowlist-source-range") + ": " + json("10.0.0.0/8," + h) + ", "
        + json("nginx.ingress.kubernetes.io/denylist-source-range") + ": " + json(h) + "}\n", i)));
    // CORS (SEMANTICS.md): in an origin list after a valid origin, inside an origin, and in each
    // header value; an entry that is not an origin is ignored and a value that is not a list falls
    // back to the default, so only checked text reaches a target.
    out.add(field("cors", (i, h) -> objectIngress("hostile-" + i, NS, "  annotations: {"
        + json("nginx.ingress.kubernetes.io/enable-cors") + ": \"true\", "
        + json("nginx.ingress.kubernetes.io/cors-allow-origin") + ": " + json("https://a.example.com," + h
            + ",https://b" + h + ".example.com") + ", "
        + json("nginx.ingress.kubernetes.io/cors-allow-methods") + ": " + json("GET, " + h) + ", "
        + json("nginx.ingress.kubernetes.io/cors-allow-headers") + ": " + json(h) + ", "
        + json("nginx.ingress.kubernetes.io/cors-expose-headers") + ": " + json("X-A, " + h) + ", "
        + json("nginx.ingress.kubernetes.io/cors-max-age") + ": " + json("5" + h) + "}\n", i)));
    // Rate limits (SEMANTICS.md): a value that is not a whole number is ignored, so only a number
    // reaches a target; a whitelist entry that is no range likewise, so only ranges reach one.
    out.add(field("rate-limits", (i, h) -> objectIngress("hostile-" + i, NS, "  annotations: {"
        + json("nginx.ingress.kubernetes.io/limit-rps") + ": " + json("5" + h) + ", "
        + json("nginx.ingress.kubernetes.io/limit-rpm") + ": " + json(h) + ", "
        + json("nginx.ingress.kubernetes.io/limit-burst-multiplier") + ": " + json(h + "2") + ", "
        + json("nginx.ingress.kubernetes.io/limit-whitelist") + ": " + json("10.0.0.0/8," + h) + ", "
        + json("nginx.ingress.kubernetes.io/limit-connections") + ": " + json("5" + h) + "}\n", i)));
    // External auth (SEMANTICS.md, External auth): the value in the URL's path, query and host, in the
    // sign-in URL, a copied field, the request redirect and the method. A value that cannot be used
    // as written rejects the Ingress; one that can is printed inertly. The guarded hosts are not
    // probed (what they answer depends on an auth service); the rest must route as before.
    out.add(field("external-auth", (i, h) -> authIngress(i, "http://auth.example.com/" + h, "https://login.example.com/x")
        + authIngress(100 + i, "http://auth.example.com/x?q=" + h, "https://login.example.com/?rd=" + h)
        + authIngress(200 + i, "http://" + h + "/x", "https://" + h + "/")
        + FlowManifests.ingress(NS, "hostile-auth-" + (300 + i), "  annotations: {"
            + json("nginx.ingress.kubernetes.io/auth-url") + ": \"http://127.0.0.1:9/x\", "
            + json("nginx.ingress.kubernetes.io/auth-response-headers") + ": " + json("X-A, " + h) + ", "
            + json("nginx.ingress.kubernetes.io/auth-request-redirect") + ": " + json("/" + h) + ", "
            + json("nginx.ingress.kubernetes.io/auth-method") + ": " + json(h) + "}\n", "",
            FlowManifests.rule("guarded" + (300 + i) + ".example.com", FlowManifests.prefix("/", "web", 80)))));
    // Basic auth (SEMANTICS.md, Basic auth): the value as the realm (over usable credentials), as a
    // user's name and as a hash in the Secret's htpasswd lines, and as the Secret's name. A realm
    // outside printable ASCII without " \ $ or a Secret name that is none rejects the Ingress; a user
    // or hash outside its form makes the credentials unusable (503); the rest is printed inertly.
    // Every victim host is probed without credentials, so its 401 carries the realm as printed.
    out.add(field("basic-auth", (i, h) -> authSecret("users-" + i, "alice:{SHA}tiY7sUhYKUwI5L3866kDY+ENcrQ=\n" + h
        + ":{SHA}tiY7sUhYKUwI5L3866kDY+ENcrQ=\nbob:" + h + "\n")
        + authSecret("good-users-" + i, "alice:{SHA}tiY7sUhYKUwI5L3866kDY+ENcrQ=\n")
        + objectIngress("hostile-" + i, NS, basicAuth("users-" + i, "r"), i)
        + objectIngress("hostile-realm-" + i, NS, basicAuth("good-users-" + i, h), 100 + i)
        + objectIngress("hostile-secret-" + i, NS, basicAuth(h, "r"), 200 + i)));
    // Session affinity (SEMANTICS.md): each hostile value in every cookie setting, on an Ingress with a
    // Service of its own (affinity is the upstream's, the first Ingress's), whose one endpoint is not
    // ready (503 on every target; the lua format still prints the upstream's affinity); a value that
    // fails its strict check is ignored, its default applying, so only checked words reach a target.
    out.add(field("affinity", (i, h) -> dev.ingressc.testkit.fixtures.Manifests.serviceAndSlice("sticky-" + i, 80,
        8080, "!10.0.0.1") + ingress(NS, "hostile-" + i, "  annotations: {"
        + json("nginx.ingress.kubernetes.io/affinity") + ": \"cookie\", "
        + json("nginx.ingress.kubernetes.io/session-cookie-name") + ": " + json("s" + h) + ", "
        + json("nginx.ingress.kubernetes.io/session-cookie-path") + ": " + json("/" + h) + ", "
        + json("nginx.ingress.kubernetes.io/session-cookie-expires") + ": " + json(h) + ", "
        + json("nginx.ingress.kubernetes.io/session-cookie-max-age") + ": " + json("60" + h) + ", "
        + json("nginx.ingress.kubernetes.io/session-cookie-samesite") + ": " + json("Lax" + h) + ", "
        + json("nginx.ingress.kubernetes.io/session-cookie-secure") + ": " + json(h) + ", "
        + json("nginx.ingress.kubernetes.io/affinity-mode") + ": " + json(h) + "}\n", "",
        rule("victim" + i + ".example.com", prefix("/", "sticky-" + i, 80)))));
    out.add(field("affinity-type", (i, h) -> objectIngress("hostile-" + i, NS, "  annotations: {"
        + json("nginx.ingress.kubernetes.io/affinity") + ": " + json(h) + ", "
        + json("nginx.ingress.kubernetes.io/session-cookie-name") + ": " + json(h) + "}\n", i)));
    // upstream-vhost (SEMANTICS.md, Forwarding headers): the value alone, inside a host name and as
    // a port; each is refused (the Ingress rejected) or sent literally as the backend's Host.
    out.add(field("upstream-vhost", (i, h) -> upstreamVhost(i, h) + upstreamVhost(100 + i, "a" + h + ".example.com")
        + upstreamVhost(200 + i, "x.example.com:" + h)));
    // app-root (SEMANTICS.md, Redirects): the value as a path, and as written.
    out.add(field("app-root", (i, h) -> objectIngress("hostile-" + i, NS, "  annotations: {"
        + json("nginx.ingress.kubernetes.io/app-root") + ": " + json("/" + h) + "}\n", i)
        + objectIngress("hostile-raw-" + i, NS, "  annotations: {"
        + json("nginx.ingress.kubernetes.io/app-root") + ": " + json(h) + "}\n", 100 + i)));
    // from-to-www-redirect (SEMANTICS.md, Redirects): the value, and a redirected host whose twin a
    // hostile Host header names (refused by validation, so no twin reaches a config).
    out.add(field("from-to-www-redirect", (i, h) -> objectIngress("hostile-" + i, NS, "  annotations: {"
        + json("nginx.ingress.kubernetes.io/from-to-www-redirect") + ": " + json(h) + "}\n", i)
        + hostIngress(100 + i, "www." + h + ".example.com").replace("metadata: {name:",
            "metadata: {annotations: {nginx.ingress.kubernetes.io/from-to-www-redirect: \"true\"}, name:")));
  }

  private static String basicAuth(String secret, String realm) {
    return "  annotations: {" + json("nginx.ingress.kubernetes.io/auth-type") + ": \"basic\", "
        + json("nginx.ingress.kubernetes.io/auth-secret") + ": " + json(secret) + ", "
        + json("nginx.ingress.kubernetes.io/auth-realm") + ": " + json(realm) + "}\n";
  }

  private static String authSecret(String name, String htpasswd) {
    return "---\napiVersion: v1\nkind: Secret\nmetadata: {name: " + name + ", namespace: " + NS
        + "}\nstringData: {auth: " + json(htpasswd) + "}\n";
  }

  private static String authIngress(int i, String url, String signIn) {
    return FlowManifests.ingress(NS, "hostile-auth-" + i, "  annotations: {"
        + json("nginx.ingress.kubernetes.io/auth-url") + ": " + json(url) + ", "
        + json("nginx.ingress.kubernetes.io/auth-signin") + ": " + json(signIn) + "}\n", "",
        FlowManifests.rule("guarded" + i + ".example.com", FlowManifests.prefix("/", "web", 80)));
  }

  private static String upstreamVhost(int i, String value) {
    return objectIngress("hostile-" + i, NS, "  annotations: {" + json("nginx.ingress.kubernetes.io/upstream-vhost")
        + ": " + json(value) + "}\n", i);
  }

  /**
   * ssl-passthrough (SEMANTICS.md, "TLS passthrough"): the hostile value as the annotation's value
   * (not a boolean: ignored with a warning), and an Ingress that is passed through whose host, and
   * whose "/" backend's Service, carry it (refused by validation, so nothing reaches the stream
   * map, the TCP frontend or the filter chains).
   */
  private static String passthroughIngresses(int i, String h) {
    String key = "nginx.ingress.kubernetes.io/ssl-passthrough";
    return objectIngress("hostile-" + i, NS, "  annotations: {" + key + ": " + json(h) + "}\n", i)
        + hostIngress(100 + i, "a" + h + ".example.com").replace("metadata: {name:",
            "metadata: {annotations: {" + key + ": \"true\"}, name:")
        + backendIngress(200 + i, "{name: " + json(h) + ", port: {number: 80}}").replace("metadata: {name:",
            "metadata: {annotations: {" + key + ": \"true\"}, name:");
  }

  private static String canaryIngress(int i, String key, String h) {
    String n = "nginx.ingress.kubernetes.io/";
    String header = key.startsWith("canary-by-header-") ? ", " + n + "canary-by-header: X-Canary" : "";
    return ingress(NS, "main-" + i, rule("victim" + i + ".example.com", prefix("/", "web", 80)))
        + ingress(NS, "hostile-" + i, "  annotations: {" + n + "canary: 'true'" + header + ", " + n + key + ": "
            + json(h) + "}\n", "", rule("victim" + i + ".example.com", prefix("/", "good", 80)));
  }
}
