package dev.ingressc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.emit.Emitter;
import dev.ingressc.testkit.fixtures.OpensslCertificates;
import dev.ingressc.testkit.fixtures.TestCertificates;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.validate.ProxyLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import dev.ingressc.testkit.fixtures.FlowManifests;

/**
 * Values within Kubernetes' rules that a proxy refuses to load (issue 15), shared by every target:
 * each must be rejected with a diagnostic, or loaded; never compile to config the proxy refuses.
 */
public final class ProxyLimitInputs {
  private static final String NS = "default";

  private ProxyLimitInputs() {}

  private static final String CONTROLLER = "ingressc.dev/ingress-controller";

  /** Name, manifests and probes of each proxy-limit case; every case also serves good.example.com. */
  public static Stream<Arguments> limits() {
    List<Arguments> out = new ArrayList<>();
    out.add(Arguments.of("weak-certificates", (java.util.function.Function<CaseContext, String>) ctx -> {
      // a strong certificate too: with none, no target listens for HTTPS at all (connection refused)
      StringBuilder sb = new StringBuilder(ctx.tlsSecret(NS, "strong", "strong.example.com"));
      sb.append(FlowManifests.ingress(NS, "strong", "", "  tls: [{hosts: [strong.example.com], secretName: strong}]\n",
          FlowManifests.rule("strong.example.com", FlowManifests.prefix("/", "web", 80))));
      OpensslCertificates.Weakness[] all = OpensslCertificates.Weakness.values();
      for (int i = 0; i < all.length; i++) {
        TestCertificates.Pem pem = OpensslCertificates.weak("victim" + i + ".example.com", all[i]);
        sb.append(FlowManifests.tlsSecret(NS, "weak-" + i, pem.certificate(), pem.key()));
        sb.append(FlowManifests.ingress(NS, "weak-" + i, "", "  tls: [{hosts: [victim" + i + ".example.com], secretName: weak-" + i + "}]\n",
            FlowManifests.rule("victim" + i + ".example.com", FlowManifests.prefix("/", "web", 80))));
      }
      return sb.toString();
    }, withStrongHost(victims(OpensslCertificates.Weakness.values().length, true))));
    out.add(Arguments.of("numeric-and-duration-ranges", (java.util.function.Function<CaseContext, String>) ctx ->
        defaultClass()
        + FlowManifests.ingressClass("over", CONTROLLER, false, "over")
        + FlowManifests.parameters("over", "proxyConnectTimeout: 3000000h, proxyReadTimeout: 2147484s,"
            + " proxyBodySize: \"8589934592g\"")
        + FlowManifests.ingressClass("edge", CONTROLLER, false, "edge")
        + FlowManifests.parameters("edge", "proxyConnectTimeout: 2147483s, proxyReadTimeout: 596h,"
            + " proxyBodySize: \"4294967295\"")
        + configMapClass("cm-over", "proxy-connect-timeout: 999999999h, proxy-read-timeout: 597h,"
            + " proxy-body-size: 999999999999g")
        + classIngress(0, "over") + classIngress(1, "edge") + classIngress(2, "cm-over"), victims(3, false)));
    out.add(Arguments.of("special-host-names", (java.util.function.Function<CaseContext, String>) ctx ->
        specialHostNames(), victims(3, false)));
    out.add(Arguments.of("several-classes-on-one-service", (java.util.function.Function<CaseContext, String>) ctx -> {
      StringBuilder sb = new StringBuilder(defaultClass());
      for (int i = 0; i < 3; i++) {
        sb.append(FlowManifests.ingressClass("c" + i, CONTROLLER, false, "c" + i)).append(FlowManifests.parameters("c" + i,
            "proxyReadTimeout: " + (i + 1) + "s, proxyBodySize: \"" + (i + 1) + "k\""));
        sb.append(classIngress(i, "c" + i));
      }
      return sb.toString();
    }, victims(3, false)));
    out.add(Arguments.of("long-but-valid-values", (java.util.function.Function<CaseContext, String>) ctx -> {
      String unit = "/a-b.c_d~e!f&g(h)i*j+k,l=m:n@o";
      String longPath = (unit.repeat(ProxyLimits.MAX_PATH_LENGTH / unit.length() + 1)).substring(0, ProxyLimits.MAX_PATH_LENGTH);
      String longHost = ("l".repeat(63) + ".").repeat(3) + "l".repeat(48) + ".example.com";
      return FlowManifests.ingress(NS, "long-0", FlowManifests.rule("victim0.example.com", FlowManifests.prefix(longPath, "web", 80),
              FlowManifests.exact("/e" + longPath.substring(2), "web", 80)))
          + FlowManifests.ingress(NS, "long-1", FlowManifests.rule(longHost, FlowManifests.prefix("/", "web", 80)))
          + FlowManifests.ingress(NS, "long-2", FlowManifests.rule("victim2.example.com",
              FlowManifests.prefix("/" + "b".repeat(ProxyLimits.MAX_PATH_LENGTH), "web", 80)));
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
        + FlowManifests.ingress(NS, "unix-0", FlowManifests.rule("victim0.example.com", FlowManifests.prefix("/", "unix", 80)))
        + FlowManifests.ingress(NS, "unix-1", FlowManifests.rule("victim1.example.com", FlowManifests.prefix("/", "unix-upper", 80)))
        + FlowManifests.ingressClass("bucket", CONTROLLER, false, "bucket")
        + FlowManifests.parameters("bucket", "resourceBackends: [{kind: Bucket, name: b, url: \"http://unix:80\"}]")
        + "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: unix-2, namespace: default}\n"
        + "spec:\n  ingressClassName: bucket\n  rules: [{host: victim2.example.com, http: {paths: [{path: /, pathType: Prefix,"
        + " backend: {resource: {kind: Bucket, name: b}}}]}}]\n";
  }

  /** One limit case as an end-to-end case (with the good host every case serves), for targets without a live proxy. */
  public static E2eCase limitCase(String name, java.util.function.Function<CaseContext, String> manifests, List<Probe> probes) {
    return E2eCase.of("limits-" + name, ctx -> HostileInputs.good(ctx) + manifests.apply(ctx), probes);
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
    return FlowManifests.ingress(NS, "class-" + i, "", "  ingressClassName: " + className + "\n",
        FlowManifests.rule("victim" + i + ".example.com", FlowManifests.prefix("/", "web", 80)));
  }
}
