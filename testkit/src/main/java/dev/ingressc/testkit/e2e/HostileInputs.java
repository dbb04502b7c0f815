package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.Emitter;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import dev.ingressc.testkit.fixtures.FlowManifests;

/**
 * Hostile strings through every field that can reach a proxy's configuration, all at once per
 * field, next to a good route; shared by every target. Through a real proxy: the config checks,
 * the good route still works, and every probe (the good route, the hostile path or host where it
 * can be sent) answers as the oracle says. Each hostile Ingress is either rejected with an error or,
 * when its value is valid, served literally, which the oracle comparison proves.
 */
public final class HostileInputs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "default";

  private HostileInputs() {}

  public static final List<String> HOSTILE = List.of(
      "\"; return 200 \"pwned\"; #",
      "x; } server { listen 1; return 200 pwned; } #",
      "x\n    return 200 pwned;",
      "x\r\nHost: pwned",
      "$host",
      "${pwned}",
      "x\\\";",
      "' or '1'='1",
      "x{y}",
      "x y",
      "x\ty",
      "x\u0000y",
      "~^(.*)$",
      "%24host",
      "../../etc/passwd",
      "é",
      "*",
      "@pwned",
      "x(a)*+,=:@!&~",
      "include /etc/passwd;");

  /** Regexes that try to leave a quoted nginx string, an HAProxy word or a JSON string, or to expand a variable. */
  public static final List<String> REGEX_HOSTILE = List.of(
      "/x\\\"; return 200 pwned; #",
      "/(.*)$host",
      "/.*\\$\\{pwned\\}",
      "/x\\}\\{",
      "/x\\",
      "/x\\\\",
      "/[\\]'\\[]",
      "/(?:a|b)$",
      "/a'\\''b",
      "/x)|(pwned",
      "/x\\x22",
      "/x\\u0022",
      "/(?i)pwned",
      "/[a-z]{1000}");

  /** Field name, and the objects that carry hostile value {@code h} as Ingress number {@code i}. */
  public static Stream<Arguments> fields() {
    List<Arguments> out = new ArrayList<>();
    out.add(field("exact-path", (i, h) -> pathIngress(i, "Exact", "/" + h)));
    out.add(field("prefix-path", (i, h) -> pathIngress(i, "Prefix", "/" + h)));
    out.add(field("implementation-specific-path", (i, h) -> pathIngress(i, "ImplementationSpecific", "/" + h)));
    // Regex paths (use-regex): the shared values, and regexes built to break out of each target's quoting.
    out.add(field("regex-path", (i, h) -> regexPathIngress(i, "/" + h)
        + (i == 0 ? String.join("", REGEX_HOSTILE.stream().map(r -> regexPathIngress(1000 + REGEX_HOSTILE.indexOf(r), r)).toList()) : "")));
    out.add(field("host", (i, h) -> hostIngress(i, h) + hostIngress(100 + i, "a" + h + ".example.com")));
    out.add(field("tls-host", (i, h) -> """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: hostile-%d, namespace: default}
        spec:
          tls: [{hosts: [%s], secretName: good-cert}]
          rules: [{host: victim.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
        """.formatted(i, json(h))));
    out.add(field("secret-name", (i, h) -> """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: hostile-%d, namespace: default}
        spec:
          tls: [{hosts: [victim%d.example.com], secretName: %s}]
          rules: [{host: victim%d.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
        """.formatted(i, i, json(h), i)));
    out.add(field("ingress-name", (i, h) -> objectIngress(json(h), NS, "", i)));
    out.add(field("namespace", (i, h) -> objectIngress("hostile-" + i, json(h), "", i)));
    out.add(field("annotations", (i, h) -> objectIngress("hostile-" + i, NS,
        "  annotations: {kubernetes.io/ingress.class: " + json(h) + ", " + json("x-" + h) + ": " + json(h) + "}\n", i)));
    out.add(field("service-name", (i, h) -> backendIngress(i, "{name: " + json(h) + ", port: {number: 80}}")));
    out.add(field("port-name", (i, h) -> backendIngress(i, "{name: web, port: {name: " + json(h) + "}}")));
    out.add(field("endpoint-slice-address", (i, h) -> """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: svc-%d, namespace: default}
        spec: {ports: [{name: http, port: 80}]}
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: svc-%d, namespace: default, labels: {kubernetes.io/service-name: svc-%d}}
        addressType: IPv4
        ports: [{name: http, port: 80}]
        endpoints: [{addresses: [%s]}]
        """.formatted(i, i, i, json(h)) + backendIngress(i, "{name: svc-" + i + ", port: {number: 80}}")));
    out.add(field("external-name", (i, h) -> """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: ext-%d, namespace: default}
        spec: {type: ExternalName, externalName: %s, ports: [{name: http, port: 80}]}
        """.formatted(i, json(h)) + backendIngress(i, "{name: ext-" + i + ", port: {number: 80}}")));
    out.add(field("class-parameters", (i, h) -> """
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: hostile-%d}
        spec:
          controller: ingressc.dev/ingress-controller
          parameters: {apiGroup: ingressc.dev, kind: IngressParameters, name: hostile-%d}
        ---
        apiVersion: ingressc.dev/v1alpha1
        kind: IngressParameters
        metadata: {name: hostile-%d}
        spec:
          loadBalancing: %s
          proxyConnectTimeout: %s
          proxyReadTimeout: %s
          proxyBodySize: %s
          sslRedirect: %s
          resourceBackends: [{kind: Bucket, name: b, url: %s}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: hostile-%d, namespace: default}
        spec:
          ingressClassName: hostile-%d
          rules:
          - host: victim%d.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
              - {path: /bucket, pathType: Prefix, backend: {resource: {kind: Bucket, name: b}}}
        """.formatted(i, i, i, json(h), json(h), json(h), json(h), json(h), json("http://" + h), i, i, i)
        + "---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: good, annotations: "
        + "{ingressclass.kubernetes.io/is-default-class: \"true\"}}\nspec: {controller: ingressc.dev/ingress-controller}\n"));
    out.add(field("ssl-passthrough", HostileInputs::passthroughIngresses));
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
    // reaches a target.
    out.add(field("rate-limits", (i, h) -> objectIngress("hostile-" + i, NS, "  annotations: {"
        + json("nginx.ingress.kubernetes.io/limit-rps") + ": " + json("5" + h) + ", "
        + json("nginx.ingress.kubernetes.io/limit-rpm") + ": " + json(h) + ", "
        + json("nginx.ingress.kubernetes.io/limit-burst-multiplier") + ": " + json(h + "2") + "}\n", i)));
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
    return out.stream();
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

  /** Runs one field's hostile objects through {@code emitter} and a real proxy, and checks the outcome. */
  public static void assertRejectedOrInert(String field, BiFunction<Integer, String, String> hostile, Emitter emitter,
      ProxyLauncher proxy) {
    List<Probe> probes = new ArrayList<>(List.of(Probe.http("good.example.com", "/"),
        Probe.http("good.example.com", "/x?y=1"), Probe.http("victim.example.com", "/")));
    for (int i = 0; i < HOSTILE.size(); i++) {
      String h = HOSTILE.get(i);
      if (sendable(h)) {
        probes.add(Probe.http("victim.example.com", "/" + h));
        probes.add(Probe.http("victim" + i + ".example.com", "/"));
        probes.add(Probe.http("good.example.com", "/" + h));
      }
    }
    E2eCase c = E2eCase.of("injection-" + field, ctx -> good(ctx) + objects(hostile), probes);
    E2eRunner.Outcome outcome = new E2eRunner(emitter, proxy).run(c);
    String config = outcome.files().files().stream().filter(f -> !f.secret())
        .map(f -> "## " + f.path() + "\n" + f.text()).collect(Collectors.joining());
    assertThat(outcome.check().ok()).as("%s check: %s\n%s", proxy.kind().name(), outcome.check().output(), config)
        .isTrue();
    assertThat(outcome.mismatches()).as(config).isEmpty();
    assertThat(outcome.compilation().takenIngresses()).contains("default/good");
    List<Diagnostic> problems = outcome.compilation().diagnostics().list().stream()
        .filter(d -> d.severity() != Severity.NOTE).toList();
    if (problems.isEmpty()) {
      // Nothing to report only when no hostile value reaches the config at all (annotations).
      assertThat(config).doesNotContain("pwned", "passwd");
    }
    for (EmittedFile f : outcome.files().files()) {
      if (!f.secret()) {
        assertNoInjectedDirective(f.text());
      }
    }
  }

  /** No line of the config starts a directive that a hostile value spelled (inside quotes they are inert). */
  public static void assertNoInjectedDirective(String conf) {
    for (String line : conf.split("\n")) {
      assertThat(line.strip()).as(conf).doesNotStartWith("return 200 pwned").doesNotStartWith("listen 1")
          .doesNotStartWith("include /etc").doesNotStartWith("server {listen").doesNotStartWith("Host:");
    }
  }

  /** The good route every hostile case serves next to its hostile objects. */
  static String good(CaseContext ctx) {
    return ctx.service(NS, "web", 80) + ctx.service(NS, "good", 80)
        + ctx.tlsSecret(NS, "good-cert", "good.example.com", "victim.example.com")
        + ingress(NS, "good", rule("good.example.com", prefix("/", "good", 80)));
  }

  /** Every hostile value of one field, as the objects that carry it. */
  public static String objects(BiFunction<Integer, String, String> hostile) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < HOSTILE.size(); i++) {
      sb.append(hostile.apply(i, HOSTILE.get(i)));
    }
    return sb.toString();
  }

  /** A request target nginx and the oracle read alike: no bytes that end or split a request line, no escapes, no dot segments. */
  private static boolean sendable(String h) {
    return h.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '#' && c != '%' && c != '?') && !h.contains("..");
  }

  static Arguments field(String name, BiFunction<Integer, String, String> hostile) {
    return Arguments.of(name, hostile);
  }

  private static String pathIngress(int i, String type, String path) {
    return """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: hostile-%d, namespace: default}
        spec:
          rules: [{host: victim.example.com, http: {paths: [{path: %s, pathType: %s, backend: {service: {name: web, port: {number: 80}}}}]}}]
        """.formatted(i, json(path), type);
  }

  private static String regexPathIngress(int i, String path) {
    return """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: hostile-%d, namespace: default, annotations: {nginx.ingress.kubernetes.io/use-regex: "true"}}
        spec:
          rules: [{host: victim.example.com, http: {paths: [{path: %s, pathType: ImplementationSpecific, backend: {service: {name: web, port: {number: 80}}}}]}}]
        """.formatted(i, json(path));
  }

  private static String hostIngress(int i, String host) {
    return """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: hostile-%d, namespace: default}
        spec:
          rules: [{host: %s, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
        """.formatted(i, json(host));
  }

  private static String objectIngress(String name, String namespace, String metadataExtra, int i) {
    return FlowManifests.ingress(namespace, name, metadataExtra, "",
        FlowManifests.rule("victim" + i + ".example.com", FlowManifests.prefix("/", "web", 80)));
  }

  private static String backendIngress(int i, String service) {
    return """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: hostile-%d, namespace: default}
        spec:
          rules: [{host: victim%d.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: %s}}]}}]
        """.formatted(i, i, service);
  }

  /** {@code s} as a JSON (and so YAML flow) string. */
  static String json(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
