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

  // ---- Odd and careless values (issue 15, items 3 and 5): wrong types, nulls, duplicate and merge
  // keys, misspelt kinds. Each odd object is reported against itself; everything else is served.

  /** Ingresses that must be rejected with an error naming them. */
  public static final List<String> ODD_REJECTED = List.of("odd-fraction", "odd-yes-host", "odd-list-host");
  /** Objects that must be reported with a warning naming them, and still served where they are Ingresses. */
  public static final List<String> ODD_WARNED = List.of("odd-null-annotation", "odd-dup", "odd-typo", "odd-params");

  /** The odd objects, against the Services of {@link #good}. */
  public static String oddValues() {
    String route = "http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}";
    return """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: odd-fraction, namespace: default}
        spec:
          rules: [{host: fraction.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80.9}}}}]}}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: odd-yes-host, namespace: default}
        spec:
          rules:
          - host: yes
            %1$s
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: odd-list-host, namespace: default}
        spec:
          rules: [{host: [list.example.com], %1$s}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: odd-null-annotation
          namespace: default
          annotations: {nginx.ingress.kubernetes.io/rewrite-target: null}
        spec:
          rules: [{host: null-annotation.example.com, %1$s}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: odd-dup, namespace: default}
        spec:
          rules:
          - host: ignored.example.com
            host: dup.example.com
            %1$s
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingresss
        metadata: {name: odd-typo, namespace: default}
        spec:
          rules: [{host: typo.example.com, %1$s}]
        ---
        apiVersion: v1
        kind: List
        items: [null, 7]
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: odd-class, annotations: {ingressclass.kubernetes.io/is-default-class: "true"}}
        spec: {controller: ingressc.dev/ingress-controller, parameters: {kind: ConfigMap, name: odd-params, namespace: default, scope: Namespace}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: odd-params, namespace: default}
        data: {proxy-connect-timeout: null, proxy-read-timeout: null, proxy-body-size: null, load-balance: null, ssl-redirect: null, use-http2: null}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: odd-classed, namespace: default}
        spec:
          ingressClassName: odd-class
          rules: [{host: classed.example.com, %1$s}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: odd-merged, namespace: default}
        spec:
          rules:
          - host: merged.example.com
            http:
              paths:
              - &base {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
              - <<: *base
                path: /m
                backend: {service: {name: good, port: {number: 80}}}
        """.formatted(route);
  }

  /**
   * The odd objects next to a good route through {@code emitter} and a real proxy: the config
   * checks, every probe answers as the oracle says, each odd object has its diagnostic (with a line,
   * in words without Java), and the objects only warned about are served.
   */
  public static void assertOddValuesReported(Emitter emitter, ProxyLauncher proxy) {
    List<Probe> probes = List.of(Probe.http("good.example.com", "/"), Probe.http("merged.example.com", "/"),
        Probe.http("merged.example.com", "/m/1"), Probe.http("dup.example.com", "/"),
        Probe.http("ignored.example.com", "/"), Probe.http("classed.example.com", "/"),
        Probe.http("null-annotation.example.com", "/x"), Probe.http("fraction.example.com", "/"),
        Probe.http("yes", "/"), Probe.http("typo.example.com", "/"));
    E2eCase c = E2eCase.of("odd-values", ctx -> good(ctx) + oddValues(), probes);
    E2eRunner.Outcome outcome = new E2eRunner(emitter, proxy).run(c);
    assertThat(outcome.check().ok()).as("%s check: %s", proxy.kind().name(), outcome.check().output()).isTrue();
    assertThat(outcome.mismatches()).isEmpty();
    List<Diagnostic> all = outcome.compilation().diagnostics().list();
    String report = all.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    assertThat(outcome.compilation().takenIngresses()).as(report).contains("default/good", "default/odd-merged",
        "default/odd-dup", "default/odd-null-annotation", "default/odd-classed");
    for (String name : ODD_REJECTED) {
      assertThat(outcome.compilation().takenIngresses()).as(report).doesNotContain("default/" + name);
      assertThat(all).as(report).anyMatch(d -> d.severity() == Severity.ERROR && d.object().endsWith("/" + name)
          && d.line() > 0 && !d.field().isEmpty());
    }
    for (String name : ODD_WARNED) {
      assertThat(all).as(report).anyMatch(d -> d.severity() == Severity.WARNING && d.object().endsWith("/" + name)
          && d.line() > 0 && !d.field().isEmpty());
    }
    assertThat(all).as(report).filteredOn(d -> d.field().startsWith("items[")).hasSize(2);
    assertThat(all).as(report).noneMatch(d -> d.message().contains("java.") || d.message().contains("Exception")
        || d.message().contains("JsonToken"));
  }

  private static String json(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- Control characters in every printed field (issue 15): what no output may show raw. ----

  /**
   * Characters that a terminal or a log viewer acts on or hides: C0 controls (NUL, BEL, TAB, LF, CR,
   * ESC, US), DEL, C1 controls (NEL, CSI), the bidi controls, the zero-width characters and the line and
   * paragraph separators. Every printed field is fed each of them.
   */
  public static final List<String> UNPRINTABLE = List.of("\u0000", "\u0007", "\t", "\n", "\r", "\u001b", "\u001f",
      "\u007f", "\u0085", "\u009b", "\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
      "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u2028", "\u2029");

  /** A value that, printed raw, ends its line and forges an {@code error:} line with an ANSI colour. */
  public static final String FORGED_LINE = "x\nerror: forged line\u001b[31m";

  /** The values every printed field is fed: each unprintable character inside a name, then {@link #FORGED_LINE}. */
  public static List<String> unprintableValues() {
    List<String> out = new ArrayList<>();
    UNPRINTABLE.forEach(c -> out.add("a" + c + "b"));
    out.add(FORGED_LINE);
    return out;
  }

  /**
   * What is compiled with every printed field: the default IngressClass, a Service {@code web} with a
   * ready endpoint, and a good Ingress, so output is printed for the good objects too.
   */
  public static final String PRINTED_BASE = """
      ---
      apiVersion: networking.k8s.io/v1
      kind: IngressClass
      metadata: {name: good, annotations: {ingressclass.kubernetes.io/is-default-class: "true"}}
      spec: {controller: ingressc.dev/ingress-controller}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: default}
      spec: {ports: [{name: http, port: 80}]}
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata: {name: web-1, namespace: default, labels: {kubernetes.io/service-name: web}}
      addressType: IPv4
      ports: [{name: http, port: 80}]
      endpoints: [{addresses: [127.0.0.1]}]
      """ + Manifests.ingress(NS, "good", Manifests.rule("good.example.com", Manifests.prefix("/", "web", 80)));

  /**
   * Each field ingressc prints (in diagnostics, {@code describe} or {@code route}), and the objects that
   * carry user text {@code t} in it as object number {@code i}. File names are fed by the caller: they
   * are no field of an object.
   */
  public static Stream<Arguments> printedFields() {
    List<Arguments> out = new ArrayList<>();
    out.add(field("ingress-name", (i, t) -> printedIngress(i, yq("n" + i + t), NS, "", "{path: /, pathType: Prefix}", "web")));
    out.add(field("namespace", (i, t) -> printedIngress(i, "p-" + i, yq("n" + i + t), "", "{path: /, pathType: Prefix}", "web")));
    out.add(field("annotation-key", (i, t) -> printedIngress(i, "p-" + i, NS,
        "annotations: {" + yq("example.com/k" + i + t) + ": v}", "{path: /, pathType: Prefix}", "web")));
    out.add(field("annotation-value", (i, t) -> printedIngress(i, "p-" + i, NS, "annotations: {example.com/k: "
        + yq(t) + ", nginx.ingress.kubernetes.io/ssl-redirect: " + yq(t) + "}", "{path: /, pathType: Prefix}", "web")));
    out.add(field("label", (i, t) -> printedIngress(i, "p-" + i, NS, "labels: {app: " + yq(t) + ", " + yq("k" + t) + ": v}",
        "{path: /, pathType: Prefix}", "web")));
    out.add(field("host", (i, t) -> printedIngress(i, "p-" + i, NS, "", "{path: /, pathType: Prefix}", "web")
        .replace("host: h" + i + ".example.com", "host: " + yq("h" + i + t + ".example.com"))));
    out.add(field("path", (i, t) -> printedIngress(i, "p-" + i, NS, "", "{path: " + yq("/" + t) + ", pathType: Prefix}",
        "web")));
    out.add(field("path-type", (i, t) -> printedIngress(i, "p-" + i, NS, "", "{path: /, pathType: " + yq("Prefix" + t) + "}",
        "web")));
    out.add(field("service-name", (i, t) -> printedIngress(i, "p-" + i, NS, "", "{path: /, pathType: Prefix}", yq("s" + t))));
    out.add(field("tls-secret-name", (i, t) -> printedIngress(i, "p-" + i, NS, "", "{path: /, pathType: Prefix}", "web")
        .replace("spec:\n", "spec:\n  tls: [{hosts: [" + yq("h" + i + t + ".example.com") + "], secretName: "
            + yq("c" + t) + "}]\n  ingressClassName: " + yq("k" + t) + "\n")));
    out.add(field("endpoint-slice", (i, t) -> """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: svc-%d, namespace: default}
        spec: {ports: [{name: http, port: 80}]}
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: svc-%d, namespace: default, labels: {kubernetes.io/service-name: svc-%d}}
        addressType: %s
        ports: [{name: http, port: 80}]
        endpoints: [{addresses: [10.0.0.1]}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: svc-%d-b, namespace: default, labels: {kubernetes.io/service-name: svc-%d}}
        addressType: IPv4
        ports: [{name: http, port: 80}]
        endpoints: [{addresses: [%s]}]
        """.formatted(i, i, i, yq("IPv4" + t), i, i, yq("10.0.0.2" + t))
        + printedIngress(i, "p-" + i, NS, "", "{path: /, pathType: Prefix}", "svc-" + i)));
    out.add(field("class-parameters-fields", (i, t) -> """
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: k%d-1}
        spec:
          controller: ingressc.dev/ingress-controller
          parameters: {apiGroup: %s, kind: %s, name: x}
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: k%d-2}
        spec:
          controller: ingressc.dev/ingress-controller
          parameters: {kind: ConfigMap, name: %s, scope: Namespace, namespace: %s}
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: k%d-3}
        spec:
          controller: ingressc.dev/ingress-controller
          parameters: {kind: ConfigMap, name: x, scope: %s}
        """.formatted(i, yq("g" + t), yq("K" + t), i, yq("m" + t), yq("n" + t), i, yq("Namespace" + t))
        + printedIngress(i, "p-" + i + "-1", NS, "", "{path: /, pathType: Prefix}", "web")
            .replace("spec:\n", "spec:\n  ingressClassName: k" + i + "-1\n")));
    out.add(field("configmap-parameters", (i, t) -> """
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: k%d}
        spec:
          controller: ingressc.dev/ingress-controller
          parameters: {kind: ConfigMap, name: cm-%d, scope: Namespace, namespace: default}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm-%d, namespace: default}
        data: {proxy-read-timeout: %s, load-balance: %s, resource-backends: %s, %s: "1"}
        """.formatted(i, i, i, yq("5s" + t), yq(t), yq("/Bucket/b=http://b" + t + ":80"), yq("key-" + t))
        + printedIngress(i, "p-" + i, NS, "", "{path: /, pathType: Prefix}", "web")
            .replace("spec:\n", "spec:\n  ingressClassName: k" + i + "\n")));
    out.add(field("ingress-parameters", (i, t) -> """
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: k%d}
        spec:
          controller: ingressc.dev/ingress-controller
          parameters: {apiGroup: ingressc.dev, kind: IngressParameters, name: ip-%d}
        ---
        apiVersion: ingressc.dev/v1alpha1
        kind: IngressParameters
        metadata: {name: ip-%d}
        spec: {proxyBodySize: %s, sslRedirect: %s, resourceBackends: [{kind: Bucket, name: b, url: %s}], %s: 1}
        """.formatted(i, i, i, yq("1m" + t), yq(t), yq("http://b" + t + ":80"), yq("field" + t))
        + printedIngress(i, "p-" + i, NS, "", "{path: /, pathType: Prefix}", "web")
            .replace("spec:\n", "spec:\n  ingressClassName: k" + i + "\n")));
    out.add(field("external-name", (i, t) -> """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: ext-%d, namespace: default}
        spec: {type: ExternalName, externalName: %s, ports: [{name: http, port: 80}]}
        """.formatted(i, yq("e" + t + ".example.com")) + printedIngress(i, "p-" + i, NS, "", "{path: /, pathType: Prefix}",
        "ext-" + i)));
    return out.stream();
  }

  /**
   * Fails when {@code output} holds a character of {@link #UNPRINTABLE} other than the line feeds that
   * end its lines, or a line that {@link #FORGED_LINE} forged: its {@code error: forged line} must stay
   * inside the line that printed it.
   */
  public static void assertPrintable(String what, String output) {
    output.codePoints().filter(c -> c != '\n').forEach(c -> assertThat(UNPRINTABLE).as(
        "%s prints U+%04X raw:%n%s", what, c, output).doesNotContain(new String(Character.toChars(c))));
    for (String line : output.split("\n", -1)) {
      assertThat(line.stripLeading()).as("%s forged a line:%n%s", what, output).doesNotStartWith("error: forged line");
    }
  }

  /** An Ingress with host {@code h<i>.example.com}, one path and its backend, for the printed fields. */
  private static String printedIngress(int i, String name, String namespace, String metadataExtra, String path,
      String service) {
    return """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: %s, namespace: %s%s}
        spec:
          rules: [{host: h%d.example.com, http: {paths: [%s]}}]
        """.formatted(name, namespace, metadataExtra.isEmpty() ? "" : ", " + metadataExtra,
        i,
        path.replace("}", ", backend: {service: {name: " + service + ", port: {number: 80}}}}"));
  }

  /** {@code s} as a YAML double-quoted scalar with everything but printable ASCII as an escape, so the file itself is plain. */
  private static String yq(String s) {
    StringBuilder sb = new StringBuilder("\"");
    s.chars().forEach(c -> {
      if (c == '"' || c == '\\') {
        sb.append('\\').append((char) c);
      } else if (c < 0x20 || c > 0x7e) {
        sb.append(String.format("\\u%04x", c));
      } else {
        sb.append((char) c);
      }
    });
    return sb.append('"').toString();
  }
}
