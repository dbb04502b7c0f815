package dev.ingressc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user migrating off ingress-nginx sees: examples/ingress-nginx-migration through the CLI. */
class MigrationCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXAMPLE = Path.of(System.getProperty("ingressc.repo.root", "../.."), "examples",
      "ingress-nginx-migration").toString();
  private static final String NGINX = "nginx.ingress.kubernetes.io/";

  @TempDir Path tmp;

  @Test
  void validateJsonCarriesEveryUnhonouredAnnotationWithAStableCode() throws Exception {
    CliRunner r = CliRunner.run("validate", "-f", EXAMPLE, "--output", "json");
    assertThat(r.exitCode()).as("rejected Ingresses: exit 1").isEqualTo(1);
    List<String> seen = new ArrayList<>();
    for (JsonNode d : JSON.readTree(r.out()).get("diagnostics")) {
      if (d.has("code")) {
        seen.add(d.get("code").asText() + " " + d.get("object").asText() + " " + d.get("field").asText());
        assertThat(d.get("line").asInt()).as(d.toString()).isPositive();
        assertThat(d.get("file").asText()).as(d.toString()).endsWith("ingresses.yaml");
      }
    }
    assertThat(seen).contains(
        "annotation.refused Ingress default/api metadata.annotations[" + NGINX + "configuration-snippet]",
        "annotation.harmless Ingress default/shop metadata.annotations[" + NGINX + "proxy-buffer-size]",
        "annotation.other-controller Ingress default/shop metadata.annotations[nginx.org/client-max-body-size]");
    // The shop's body size and read timeout, and the canary, are honoured: nothing to say about them.
    assertThat(seen).noneMatch(s -> s.contains("proxy-body-size") || s.contains("proxy-read-timeout"));
    assertThat(seen).noneMatch(s -> s.contains("shop-canary"));
    // The API's CORS is honoured too (the API is still rejected for its snippet).
    assertThat(seen).noneMatch(s -> s.contains("enable-cors") || s.contains("limit-rps"));
    // The dashboard's external auth is honoured (validate compiles for no target in particular).
    assertThat(seen).noneMatch(s -> s.contains("default/dashboard"));
    // Metadata for other tools is accounted for silently.
    assertThat(seen).noneMatch(s -> s.contains("cert-manager.io") || s.contains("external-dns"));
  }

  @Test
  void theProtectedDashboardAsksItsAuthServiceFirstAndTheShopIsServed() throws Exception {
    CliRunner dash = CliRunner.run("route", "-f", EXAMPLE, "--host", "dashboard.example.com", "--path", "/");
    assertThat(dash.out()).contains("external auth of Ingress default/dashboard: the proxy asks GET"
        + " https://oauth2.example.com:443/oauth2/auth first; its 2xx lets the request through with"
        + " x-auth-request-user copied from its answer, 401 gives a 302 to the sign-in page, 403 gives 403, anything"
        + " else or no answer 500").contains("Result: 200 default/dashboard:80");
    CliRunner denied = CliRunner.run("route", "-f", EXAMPLE, "--host", "dashboard.example.com", "--path", "/x?y=1",
        "--auth-status", "401", "--output", "json");
    JsonNode answer = JSON.readTree(denied.out());
    assertThat(answer.get("status").asInt()).isEqualTo(302);
    assertThat(answer.get("location").asText()).isEqualTo("https://oauth2.example.com/oauth2/start?rd=%2Fx%3Fy%3D1");
    assertThat(answer.get("externalAuth").toString()).isEqualTo("{\"url\":\"https://oauth2.example.com:443/oauth2/auth\","
        + "\"method\":\"GET\",\"signIn\":true,\"responseHeaders\":[\"x-auth-request-user\"]}");
    assertThat(CliRunner.run("route", "-f", EXAMPLE, "--host", "dashboard.example.com", "--path", "/", "--auth-status",
        "403").out()).contains("Result: 403 Forbidden (the external auth service refuses the request)");
    assertThat(CliRunner.run("route", "-f", EXAMPLE, "--host", "dashboard.example.com", "--path", "/", "--auth-status",
        "502").out()).contains("Result: 500 Internal Server Error (the external auth service gave no 2xx, 401 or 403)");
    assertThat(CliRunner.run("route", "-f", EXAMPLE, "--host", "dashboard.example.com", "--path", "/", "--auth-status",
        "99").err()).contains("--auth-status: 99 is not an HTTP status");
    CliRunner shop = CliRunner.run("route", "-f", EXAMPLE, "--host", "shop.example.com", "--path", "/",
        "--header", "X-Canary=never");
    assertThat(shop.out()).contains("Result: 200 default/shop:80").contains("the main backend by header")
        .contains("the backend may stay silent 120s either way, a body over 157286400 bytes gets 413");
  }

  @Test
  void aTargetThatLacksTheEscapedSignInRejectsTheDashboardForItselfOnly() {
    CliRunner envoy = CliRunner.run("compile", "--target", "envoy", "-f", EXAMPLE, "-o", tmp.resolve("envoy").toString(),
        "--output", "json");
    assertThat(envoy.err()).doesNotContain("annotation.target-lacks").doesNotContain("default/dashboard");
    CliRunner nativeFormat = CliRunner.run("compile", "--target", "nginx", "-f", EXAMPLE, "-o",
        tmp.resolve("nginx").toString());
    assertThat(nativeFormat.err()).contains("the target nginx cannot do sign-in redirects that carry the request's URL"
        + " escaped").contains("; --format lua can");
    CliRunner lua = CliRunner.run("compile", "--target", "nginx", "--format", "lua", "-f", EXAMPLE, "-o",
        tmp.resolve("lua").toString());
    assertThat(lua.err()).doesNotContain("default/dashboard");
    CliRunner haproxy = CliRunner.run("compile", "--target", "haproxy", "-f", EXAMPLE, "-o",
        tmp.resolve("haproxy").toString());
    assertThat(haproxy.err()).doesNotContain("default/dashboard");
  }

  @Test
  void theShopCanaryTakesTheHeaderAndHalfTheRest() {
    CliRunner canary = CliRunner.run("route", "-f", EXAMPLE, "--host", "shop.example.com", "--path", "/",
        "--header", "X-Canary=always");
    assertThat(canary.out()).contains("Result: 200 default/shop-next:80").contains("the canary by header");
    CliRunner weighted = CliRunner.run("route", "-f", EXAMPLE, "--host", "shop.example.com", "--path", "/");
    assertThat(weighted.out()).contains("weight 50 of 100").contains("by weight, the canary default/shop-next:80 takes 50 of 100 requests, the main backend default/shop:80 the rest");
  }

  @Test
  void describeShowsWhatBecameOfEachAnnotation() {
    String out = CliRunner.run("describe", "-f", EXAMPLE, "shop").out();
    assertThat(out).contains("  " + NGINX + "proxy-body-size: 150m\n    -> honoured: ");
    assertThat(out).contains("  kubernetes.io/ingress.class: nginx\n    -> honoured: ");
    assertThat(out).contains("  cert-manager.io/cluster-issuer: letsencrypt-prod\n    -> metadata for other tools: read by cert-manager");
    assertThat(out).contains("  nginx.org/client-max-body-size: 150m\n    -> another controller's, no effect here: meant for");
    String dashboard = CliRunner.run("describe", "-f", EXAMPLE, "dashboard").out();
    assertThat(dashboard).contains("  " + NGINX + "auth-url: https://oauth2.example.com/oauth2/auth\n    -> honoured: ");
  }

  @Test
  void strictRejectsEveryIngressWithAnUnhonouredAnnotation() {
    // Only the gRPC greeter, the dashboard, the metrics, the search API and the shop's canary, whose
    // annotations are all honoured, are left; the canary then has no main route to attach to, and says so.
    CliRunner r = CliRunner.run("validate", "--strict", "-f", EXAMPLE);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("error: Ingress default/shop").contains("(an error under --strict)")
        .doesNotContain("Ingress default/greeter").doesNotContain("Ingress default/metrics")
        .doesNotContain("Ingress default/search").doesNotContain("Ingress default/dashboard")
        .contains("5 Ingress(es) compiled")
        .contains("warning: Ingress default/shop-canary").contains("so the canary has nothing to attach to");
  }

  @Test
  void anInputWithOnlyTheIngressNginxClassSaysWhatToDo() throws Exception {
    Path dir = tmp.resolve("cluster");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("class.yaml"), """
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata:
          name: nginx
        spec:
          controller: k8s.io/ingress-nginx
        """);
    Files.writeString(dir.resolve("ingress.yaml"), """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: default}
        spec:
          ingressClassName: nginx
          rules:
          - host: web.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
        """);
    CliRunner r = CliRunner.run("validate", "-f", dir.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("warning: no Ingress is ours").contains("1 of class \"nginx\" (controller \"k8s.io/ingress-nginx\")")
        .contains("--controller k8s.io/ingress-nginx").contains("--ingress-class nginx");
    assertThat(CliRunner.run("validate", "--strict", "-f", dir.toString()).exitCode()).isEqualTo(1);
    // An Ingress of ours that is rejected is not "no Ingress is ours": its own error says why.
    Files.writeString(dir.resolve("ours.yaml"), """
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata:
          name: ours
        spec:
          controller: ingressc.dev/ingress-controller
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: guarded
          namespace: default
          annotations: {nginx.ingress.kubernetes.io/auth-type: basic}
        spec:
          ingressClassName: ours
          rules:
          - host: guarded.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
        """);
    assertThat(CliRunner.run("validate", "-f", dir.toString()).out()).doesNotContain("no Ingress is ours")
        .contains("auth-secret");
    Files.delete(dir.resolve("ours.yaml"));
    // Following the advice compiles it.
    CliRunner taken = CliRunner.run("validate", "--controller", "k8s.io/ingress-nginx", "--ingress-class", "nginx", "-f",
        dir.toString());
    assertThat(taken.out()).contains("1 Ingress(es) compiled").doesNotContain("no Ingress is ours");
  }
}
