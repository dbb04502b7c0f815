package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.e2e.Manifests.ingress;
import static dev.ingressc.testkit.e2e.Manifests.prefix;
import static dev.ingressc.testkit.e2e.Manifests.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.Emitter;
import dev.ingressc.testkit.http.OpensslCertificates;
import dev.ingressc.testkit.http.TestCertificates;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.validate.ProxyLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

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

  /** Field name, and the objects that carry hostile value {@code h} as Ingress number {@code i}. */
  public static Stream<Arguments> fields() {
    List<Arguments> out = new ArrayList<>();
    out.add(field("exact-path", (i, h) -> pathIngress(i, "Exact", "/" + h)));
    out.add(field("prefix-path", (i, h) -> pathIngress(i, "Prefix", "/" + h)));
    out.add(field("implementation-specific-path", (i, h) -> pathIngress(i, "ImplementationSpecific", "/" + h)));
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
    return out.stream();
  }

  // ---- values within Kubernetes' rules that a proxy refuses to load (issue 15): each must be
  // ---- rejected with a diagnostic, or loaded; never compile to config the proxy refuses.

  private static final String CONTROLLER = "ingressc.dev/ingress-controller";

  /** Name, manifests and probes of each proxy-limit case; every case also serves good.example.com. */
  public static Stream<Arguments> limits() {
    List<Arguments> out = new ArrayList<>();
    out.add(Arguments.of("weak-certificates", (java.util.function.Function<CaseContext, String>) ctx -> {
      // a strong certificate too: with none, no target listens for HTTPS at all (connection refused)
      StringBuilder sb = new StringBuilder(ctx.tlsSecret(NS, "strong", "strong.example.com"));
      sb.append(Manifests.ingress(NS, "strong", "", "  tls: [{hosts: [strong.example.com], secretName: strong}]\n",
          Manifests.rule("strong.example.com", Manifests.prefix("/", "web", 80))));
      OpensslCertificates.Weakness[] all = OpensslCertificates.Weakness.values();
      for (int i = 0; i < all.length; i++) {
        TestCertificates.Pem pem = OpensslCertificates.weak("victim" + i + ".example.com", all[i]);
        sb.append(Manifests.tlsSecret(NS, "weak-" + i, pem.certificate(), pem.key()));
        sb.append(Manifests.ingress(NS, "weak-" + i, "", "  tls: [{hosts: [victim" + i + ".example.com], secretName: weak-" + i + "}]\n",
            Manifests.rule("victim" + i + ".example.com", Manifests.prefix("/", "web", 80))));
      }
      return sb.toString();
    }, withStrongHost(victims(OpensslCertificates.Weakness.values().length, true))));
    out.add(Arguments.of("numeric-and-duration-ranges", (java.util.function.Function<CaseContext, String>) ctx ->
        defaultClass()
        + Manifests.ingressClass("over", CONTROLLER, false, "over")
        + Manifests.parameters("over", "proxyConnectTimeout: 3000000h, proxyReadTimeout: 2147484s,"
            + " proxyBodySize: \"8589934592g\"")
        + Manifests.ingressClass("edge", CONTROLLER, false, "edge")
        + Manifests.parameters("edge", "proxyConnectTimeout: 2147483s, proxyReadTimeout: 596h,"
            + " proxyBodySize: \"4294967295\"")
        + configMapClass("cm-over", "proxy-connect-timeout: 999999999h, proxy-read-timeout: 597h,"
            + " proxy-body-size: 999999999999g")
        + classIngress(0, "over") + classIngress(1, "edge") + classIngress(2, "cm-over"), victims(3, false)));
    out.add(Arguments.of("special-host-names", (java.util.function.Function<CaseContext, String>) ctx ->
        specialHostNames(), victims(3, false)));
    out.add(Arguments.of("several-classes-on-one-service", (java.util.function.Function<CaseContext, String>) ctx -> {
      StringBuilder sb = new StringBuilder(defaultClass());
      for (int i = 0; i < 3; i++) {
        sb.append(Manifests.ingressClass("c" + i, CONTROLLER, false, "c" + i)).append(Manifests.parameters("c" + i,
            "proxyReadTimeout: " + (i + 1) + "s, proxyBodySize: \"" + (i + 1) + "k\""));
        sb.append(classIngress(i, "c" + i));
      }
      return sb.toString();
    }, victims(3, false)));
    out.add(Arguments.of("long-but-valid-values", (java.util.function.Function<CaseContext, String>) ctx -> {
      String unit = "/a-b.c_d~e!f&g(h)i*j+k,l=m:n@o";
      String longPath = (unit.repeat(ProxyLimits.MAX_PATH_LENGTH / unit.length() + 1)).substring(0, ProxyLimits.MAX_PATH_LENGTH);
      String longHost = ("l".repeat(63) + ".").repeat(3) + "l".repeat(48) + ".example.com";
      return Manifests.ingress(NS, "long-0", Manifests.rule("victim0.example.com", Manifests.prefix(longPath, "web", 80),
              Manifests.exact("/e" + longPath.substring(2), "web", 80)))
          + Manifests.ingress(NS, "long-1", Manifests.rule(longHost, Manifests.prefix("/", "web", 80)))
          + Manifests.ingress(NS, "long-2", Manifests.rule("victim2.example.com",
              Manifests.prefix("/" + "b".repeat(ProxyLimits.MAX_PATH_LENGTH), "web", 80)));
    }, longProbes()));
    return out.stream();
  }

  /**
   * Upstream hosts that nginx reads as a UNIX socket ({@code proxy_pass http://unix:80} connects to
   * the file {@code 80} in its working directory): ExternalName {@code unix} (and {@code UNIX}) for
   * victim0 and victim1, a resource backend URL {@code http://unix:80} for victim2.
   */
  public static String specialHostNames() {
    return defaultClass()
        + "---\napiVersion: v1\nkind: Service\nmetadata: {name: unix, namespace: default}\n"
        + "spec: {type: ExternalName, externalName: unix, ports: [{name: http, port: 80}]}\n"
        + "---\napiVersion: v1\nkind: Service\nmetadata: {name: unix-upper, namespace: default}\n"
        + "spec: {type: ExternalName, externalName: UNIX, ports: [{name: http, port: 80}]}\n"
        + Manifests.ingress(NS, "unix-0", Manifests.rule("victim0.example.com", Manifests.prefix("/", "unix", 80)))
        + Manifests.ingress(NS, "unix-1", Manifests.rule("victim1.example.com", Manifests.prefix("/", "unix-upper", 80)))
        + Manifests.ingressClass("bucket", CONTROLLER, false, "bucket")
        + Manifests.parameters("bucket", "resourceBackends: [{kind: Bucket, name: b, url: \"http://unix:80\"}]")
        + "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: unix-2, namespace: default}\n"
        + "spec:\n  ingressClassName: bucket\n  rules: [{host: victim2.example.com, http: {paths: [{path: /, pathType: Prefix,"
        + " backend: {resource: {kind: Bucket, name: b}}}]}}]\n";
  }

  /** One limit case as an end-to-end case (with the good host every case serves), for targets without a live proxy. */
  public static E2eCase limitCase(String name, java.util.function.Function<CaseContext, String> manifests, List<Probe> probes) {
    return E2eCase.of("limits-" + name, ctx -> good(ctx) + manifests.apply(ctx), probes);
  }

  /** Runs one limit case through {@code emitter} and a real proxy: the config loads, and every probe answers as the oracle. */
  public static void assertLoads(String name, java.util.function.Function<CaseContext, String> manifests, List<Probe> probes,
      Emitter emitter, ProxyLauncher proxy) {
    E2eRunner.Outcome outcome = new E2eRunner(emitter, proxy).run(limitCase(name, manifests, probes));
    String config = outcome.files().files().stream().filter(f -> !f.secret())
        .map(f -> "## " + f.path() + "\n" + f.text()).collect(Collectors.joining());
    assertThat(outcome.check().ok()).as("%s check: %s\n%s", proxy.kind().name(), outcome.check().output(), config).isTrue();
    assertThat(outcome.mismatches()).as(config).isEmpty();
    assertThat(outcome.compilation().takenIngresses()).contains("default/good");
  }

  private static List<Probe> victims(int n, boolean https) {
    List<Probe> probes = new ArrayList<>(List.of(Probe.http("good.example.com", "/")));
    for (int i = 0; i < n; i++) {
      probes.add(Probe.http("victim" + i + ".example.com", "/"));
      if (https) {
        probes.add(Probe.https("victim" + i + ".example.com", "victim" + i + ".example.com", "/"));
      }
    }
    return probes;
  }

  private static List<Probe> withStrongHost(List<Probe> probes) {
    List<Probe> out = new ArrayList<>(probes);
    out.add(Probe.https("strong.example.com", "strong.example.com", "/"));
    return out;
  }

  private static List<Probe> longProbes() {
    String unit = "/a-b.c_d~e!f&g(h)i*j+k,l=m:n@o";
    String longPath = (unit.repeat(ProxyLimits.MAX_PATH_LENGTH / unit.length() + 1)).substring(0, ProxyLimits.MAX_PATH_LENGTH);
    List<Probe> probes = new ArrayList<>(List.of(Probe.http("good.example.com", "/"), Probe.http("victim0.example.com", longPath),
        Probe.http("victim0.example.com", longPath + "/x"), Probe.http("victim0.example.com", "/a-b"),
        Probe.http(("l".repeat(63) + ".").repeat(3) + "l".repeat(48) + ".example.com", "/"),
        Probe.http("victim2.example.com", "/" + "b".repeat(ProxyLimits.MAX_PATH_LENGTH)),
        // nginx matched only (length mod 256) bytes of a long location: these must still be 404
        Probe.http("victim0.example.com", "/b"),
        Probe.http("victim0.example.com", longPath.substring(0, longPath.length() - 1) + "Z")));
    return probes;
  }

  private static String defaultClass() {
    return "---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: good, annotations: "
        + "{ingressclass.kubernetes.io/is-default-class: \"true\"}}\nspec: {controller: " + CONTROLLER + "}\n";
  }

  private static String configMapClass(String name, String data) {
    return "---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: " + name + "}\nspec:\n  controller: "
        + CONTROLLER + "\n  parameters: {kind: ConfigMap, name: " + name + ", scope: Namespace, namespace: default}\n"
        + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + ", namespace: default}\ndata: {" + data + "}\n";
  }

  private static String classIngress(int i, String className) {
    return Manifests.ingress(NS, "class-" + i, "", "  ingressClassName: " + className + "\n",
        Manifests.rule("victim" + i + ".example.com", Manifests.prefix("/", "web", 80)));
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

  private static String good(CaseContext ctx) {
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

  private static Arguments field(String name, BiFunction<Integer, String, String> hostile) {
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
    return Manifests.ingress(namespace, name, metadataExtra, "",
        Manifests.rule("victim" + i + ".example.com", Manifests.prefix("/", "web", 80)));
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

  private static String json(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
