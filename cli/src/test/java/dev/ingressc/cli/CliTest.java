package dev.ingressc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String FANOUT = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: fanout
        namespace: shop
        annotations:
          team: web
      spec:
        defaultBackend:
          service:
            name: fallback
            port:
              number: 80
        rules:
        - host: foo.bar.com
          http:
            paths:
            - path: /foo
              pathType: Prefix
              backend:
                service:
                  name: service1
                  port:
                    name: http
            - path: /foo/exact
              pathType: Exact
              backend:
                service:
                  name: service2
                  port:
                    number: 8080
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: service1, namespace: shop}
      spec:
        ports: [{name: http, port: 80, targetPort: 8080}]
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata:
        name: service1-x
        namespace: shop
        labels: {kubernetes.io/service-name: service1}
      addressType: IPv4
      ports: [{name: http, port: 8080}]
      endpoints:
      - addresses: [10.1.0.1]
      - addresses: [10.1.0.2]
        conditions: {ready: false}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: service2, namespace: shop}
      spec:
        ports: [{port: 8080}]
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata:
        name: service2-x
        namespace: shop
        labels: {kubernetes.io/service-name: service2}
      addressType: IPv4
      ports: [{port: 8080}]
      endpoints:
      - addresses: [10.2.0.1]
        conditions: {ready: false}
      """;

  static final String BAD_PATH = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: bad, namespace: shop}
      spec:
        rules:
        - host: foo.bar.com
          http:
            paths:
            - path: "/x;y"
              pathType: Prefix
              backend:
                service: {name: service1, port: {number: 80}}
      """;

  @TempDir Path tmp;

  private Path write(String name, String content) throws Exception {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  @Test
  void validateCleanInputExitsZeroWithSummary() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    CliRunner r = CliRunner.run("validate", "-f", f.toString());
    // service2 has no ready endpoint and the fallback Service is missing: warnings, not errors.
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("1 Ingress(es) compiled, 0 error(s), 2 warning(s)");
    assertThat(r.out()).contains("warning: Ingress shop/fanout (" + f + ":9) spec.defaultBackend: Service shop/fallback does not exist");
  }

  @Test
  void strictTurnsWarningsIntoExitOne() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    assertThat(CliRunner.run("validate", "--strict", "-f", f.toString()).exitCode()).isEqualTo(1);
  }

  @Test
  void rejectedObjectGivesExitOneAndNamesFileLineAndField() throws Exception {
    Path bad = write("a/bad.yaml", BAD_PATH);
    write("b/fanout.yaml", FANOUT);
    CliRunner r = CliRunner.run("validate", "-f", tmp.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("error: Ingress shop/bad (" + bad + ":9) spec.rules[0].http.paths[0].path: \"/x;y\" contains ';'");
    // The other Ingress is still compiled.
    assertThat(r.out()).contains("1 Ingress(es) compiled, 2 error(s)");
  }

  @Test
  void unreadableInputExitsTwo() {
    CliRunner r = CliRunner.run("validate", "-f", tmp.resolve("nope.yaml").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).contains("no such file or directory");
  }

  @Test
  void unknownOptionExitsTwo() {
    assertThat(CliRunner.run("validate", "--no-such-flag").exitCode()).isEqualTo(2);
  }

  @Test
  void validateJsonIsMachineReadable() throws Exception {
    Path f = write("bad.yaml", BAD_PATH);
    CliRunner r = CliRunner.run("validate", "-f", f.toString(), "--output", "json");
    JsonNode root = JSON.readTree(r.out());
    assertThat(root.get("errors").asInt()).isEqualTo(2);
    JsonNode first = root.get("diagnostics").get(0);
    assertThat(first.get("severity").asText()).isEqualTo("error");
    assertThat(first.get("object").asText()).isEqualTo("Ingress shop/bad");
    assertThat(first.get("file").asText()).isEqualTo(f.toString());
    JsonNode pathProblem = root.get("diagnostics").get(1);
    assertThat(pathProblem.get("line").asInt()).isEqualTo(9);
    assertThat(pathProblem.get("field").asText()).isEqualTo("spec.rules[0].http.paths[0].path");
  }

  @Test
  void compileAndDescribePrintDiagnosticsAsJsonOnStderr() throws Exception {
    Path f = write("bad.yaml", BAD_PATH);
    CliRunner compiled = CliRunner.run("compile", "-t", "routelist", "-f", f.toString(), "-o",
        tmp.resolve("out").toString(), "--output", "json");
    assertThat(compiled.exitCode()).isEqualTo(1);
    assertThat(JSON.readTree(compiled.err().substring(0, compiled.err().lastIndexOf('}') + 1)).get("errors").asInt())
        .isEqualTo(2);
    CliRunner described = CliRunner.run("describe", "-f", f.toString(), "--output", "json");
    assertThat(JSON.readTree(described.err()).get("diagnostics").get(1).get("field").asText())
        .isEqualTo("spec.rules[0].http.paths[0].path");
  }

  @Test
  void readsStdin() throws Exception {
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream(FANOUT.getBytes(StandardCharsets.UTF_8)));
      CliRunner r = CliRunner.run("route", "-f", "-", "--host", "foo.bar.com", "--path", "/foo", "-o", "json");
      assertThat(JSON.readTree(r.out()).get("status").asInt()).isEqualTo(200);
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void routeJsonNamesBackendIngressHostPathAndType() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    JsonNode a = JSON.readTree(CliRunner.run("route", "-f", f.toString(), "--host", "FOO.bar.com:8080",
        "--path", "/foo/bar?q=1", "-o", "json").out());
    assertThat(a.get("status").asInt()).isEqualTo(200);
    assertThat(a.get("backend").get("namespace").asText()).isEqualTo("shop");
    assertThat(a.get("backend").get("service").asText()).isEqualTo("service1");
    assertThat(a.get("backend").get("port").asText()).isEqualTo("http");
    assertThat(a.get("ingress").asText()).isEqualTo("shop/fanout");
    assertThat(a.get("host").asText()).isEqualTo("foo.bar.com");
    assertThat(a.get("path").asText()).isEqualTo("/foo");
    assertThat(a.get("pathType").asText()).isEqualTo("Prefix");
    // Only the ready endpoint, with the EndpointSlice's port.
    assertThat(a.get("endpoints").toString()).isEqualTo("[\"10.1.0.1:8080\"]");
    assertThat(a.get("protocol").asText()).isEqualTo("HTTP");
  }

  @Test
  void routeExplainsAPassedThroughSni() throws Exception {
    Path f = write("pt.yaml", """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: vault
          annotations: {nginx.ingress.kubernetes.io/ssl-passthrough: "true"}
        spec:
          rules:
          - host: vault.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: vault, port: {number: 8443}}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: vault}
        spec: {ports: [{port: 8443}]}
        """);
    CliRunner r = CliRunner.run("route", "-f", f.toString(), "--host", "other.example.com", "--path", "/x", "--sni",
        "vault.example.com");
    assertThat(r.out()).contains("is passed through (ssl-passthrough, Ingress default/vault)")
        .contains("Result: TLS passed through to default/vault:8443");
    JsonNode a = JSON.readTree(CliRunner.run("route", "-f", f.toString(), "--host", "x", "--path", "/", "--sni",
        "vault.example.com", "-o", "json").out());
    assertThat(a.get("status").asInt()).isEqualTo(dev.ingressc.route.RouteAnswer.PASSED_THROUGH);
    assertThat(a.get("host").asText()).isEqualTo("vault.example.com");
  }

  @Test
  void routeShowsTheBackendProtocol() throws Exception {
    Path f = write("grpc.yaml", """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: grpc
          annotations: {nginx.ingress.kubernetes.io/backend-protocol: grpcs}
        spec:
          rules:
          - host: grpc.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: greeter, port: {number: 50051}}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: greeter}
        spec: {ports: [{port: 50051}]}
        """);
    JsonNode a = JSON.readTree(CliRunner.run("route", "-f", f.toString(), "--host", "grpc.example.com",
        "--path", "/helloworld.Greeter/SayHello", "-o", "json").out());
    assertThat(a.get("protocol").asText()).isEqualTo("GRPCS");
    assertThat(CliRunner.run("route", "-f", f.toString(), "--host", "grpc.example.com", "--path", "/x").out())
        .contains("Result: 200 default/greeter:50051 (dns: greeter.default.svc.cluster.local:50051) over GRPCS");
  }

  private static final String CANARY = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: shop, creationTimestamp: '2024-01-01T00:00:00Z'}
      spec:
        rules:
        - host: shop.example.com
          http:
            paths:
            - {path: /, pathType: Prefix, backend: {service: {name: shop, port: {number: 80}}}}
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: shop-beta
        creationTimestamp: '2024-02-01T00:00:00Z'
        annotations:
          nginx.ingress.kubernetes.io/canary: "true"
          nginx.ingress.kubernetes.io/canary-by-header: X-Canary
          nginx.ingress.kubernetes.io/canary-by-cookie: beta
          nginx.ingress.kubernetes.io/canary-weight: "20"
      spec:
        rules:
        - host: shop.example.com
          http:
            paths:
            - {path: /, pathType: Prefix, backend: {service: {name: shop-beta, port: {number: 80}}}}
      ---
      {apiVersion: v1, kind: Service, metadata: {name: shop}, spec: {ports: [{port: 80}]}}
      ---
      {apiVersion: v1, kind: Service, metadata: {name: shop-beta}, spec: {ports: [{port: 80}]}}
      """;

  /** SEMANTICS.md, Canaries: route --header/--cookie shows the side chosen and why, and the weight when none is forced. */
  @Test
  void routeShowsTheCanaryChoiceByHeaderCookieOrWeight() throws Exception {
    Path f = write("canary.yaml", CANARY);
    String byHeader = CliRunner.run("route", "-f", f.toString(), "--host", "shop.example.com", "--path", "/",
        "--header", "X-Canary=always", "--cookie", "beta=never").out();
    assertThat(byHeader).contains("header X-Canary: \"always\": the canary default/shop-beta:80")
        .contains("Result: 200 default/shop-beta:80").contains("the canary by header");
    String byCookie = CliRunner.run("route", "-f", f.toString(), "--host", "shop.example.com", "--path", "/",
        "--cookie", "a=1", "--cookie", "beta=never").out();
    assertThat(byCookie).contains("cookie beta=never: the main backend serves it")
        .contains("Result: 200 default/shop:80").contains("the main backend by cookie");
    JsonNode weighted = JSON.readTree(CliRunner.run("route", "-f", f.toString(), "--host", "shop.example.com",
        "--path", "/", "-o", "json").out());
    assertThat(weighted.get("canary").get("reason").asText()).isEqualTo("weight");
    assertThat(weighted.get("canary").get("weight").asInt()).isEqualTo(20);
    assertThat(weighted.get("canary").get("weightTotal").asInt()).isEqualTo(100);
    assertThat(weighted.get("canary").get("random").asBoolean()).isTrue();
    assertThat(weighted.get("explanation").toString()).contains("weight 20 of 100");
    assertThat(CliRunner.run("route", "-f", f.toString(), "--host", "shop.example.com", "--path", "/",
        "--header", "nonsense").err()).contains("--header takes NAME=VALUE");
  }

  @Test
  void routeJsonReports503ForNoReadyEndpointAndDefaultBackendForNoMatch() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    JsonNode exact = JSON.readTree(CliRunner.run("route", "-f", f.toString(), "--host", "foo.bar.com",
        "--path", "/foo/exact", "-o", "json").out());
    assertThat(exact.get("status").asInt()).isEqualTo(503);
    assertThat(exact.get("pathType").asText()).isEqualTo("Exact");
    assertThat(exact.get("backend").get("port").asInt()).isEqualTo(8080);

    JsonNode other = JSON.readTree(CliRunner.run("route", "-f", f.toString(), "--host", "other.com",
        "--path", "/", "-o", "json").out());
    // The defaultBackend's Service is missing, so the default backend answers 503.
    assertThat(other.get("status").asInt()).isEqualTo(503);
    assertThat(other.get("backend").get("service").asText()).isEqualTo("fallback");
    assertThat(other.get("ingress").asText()).isEqualTo("shop/fanout");
    assertThat(other.get("path").isNull()).isTrue();
  }

  @Test
  void routeJson404WhenNothingMatches() throws Exception {
    Path f = write("bad-and-good.yaml", BAD_PATH);
    JsonNode a = JSON.readTree(CliRunner.run("route", "-f", f.toString(), "--host", "foo.bar.com",
        "--path", "/x", "-o", "json").out());
    assertThat(a.get("status").asInt()).isEqualTo(404);
    assertThat(a.get("backend").isNull()).isTrue();
  }

  @Test
  void routeTextExplainsCandidatesInPrecedenceOrder() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    CliRunner r = CliRunner.run("route", "-f", f.toString(), "--host", "foo.bar.com", "--path", "/foo/exact");
    String out = r.out();
    assertThat(out).contains("matches the exact host foo.bar.com");
    assertThat(out.indexOf("candidate: Exact /foo/exact")).isLessThan(out.indexOf("candidate: Prefix /foo "));
    assertThat(out).contains("winner: Exact /foo/exact");
    assertThat(out).contains("Result: 503");
  }

  @Test
  void routeShowsTheCanonicalPathItMatched() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    CliRunner r = CliRunner.run("route", "-f", f.toString(), "--host", "foo.bar.com", "--path", "//%66oo/%65xact?q=%2F");
    assertThat(r.out()).contains("canonical path \"/foo/exact\"", "winner: Exact /foo/exact");
    JsonNode a = JSON.readTree(CliRunner.run("route", "-f", f.toString(), "--host", "foo.bar.com",
        "--path", "//%66oo/%65xact?q=%2F", "-o", "json").out());
    assertThat(a.get("canonicalPath").asText()).isEqualTo("/foo/exact");
    assertThat(a.get("path").asText()).isEqualTo("/foo/exact");
  }

  @Test
  void routeAnswers400WithTheReasonForARefusedTarget() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    CliRunner r = CliRunner.run("route", "-f", f.toString(), "--host", "foo.bar.com", "--path", "/foo%2Fexact");
    assertThat(r.out()).contains("400: the path holds %2F, an escaped slash", "Result: 400 Bad Request");
    JsonNode a = JSON.readTree(CliRunner.run("route", "-f", f.toString(), "--host", "foo.bar.com",
        "--path", "/x/../foo", "-o", "json").out());
    assertThat(a.get("status").asInt()).isEqualTo(400);
    assertThat(a.get("backend").isNull()).isTrue();
    assertThat(a.get("canonicalPath").isNull()).isTrue();
    assertThat(a.get("explanation").toString()).contains("dot segment");
  }

  @Test
  void routeTakesAbsoluteFormTargetsAndRefusesThem() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    CliRunner r = CliRunner.run("route", "-f", f.toString(), "--host", "foo.bar.com", "--path",
        "http://foo.bar.com/foo");
    assertThat(r.out()).contains("Request: GET http://foo.bar.com/foo with Host foo.bar.com",
        "absolute-form targets (http://host/...) are refused", "Result: 400");
  }

  @Test
  void describeLooksLikeKubectlWithResolvedEndpoints() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    String out = CliRunner.run("describe", "-f", f.toString(), "fanout").out();
    assertThat(out).contains("Name:             fanout");
    assertThat(out).contains("Namespace:        shop");
    assertThat(out).containsPattern("Host\\s+Path\\s+Backends");
    assertThat(out).containsPattern("/foo \\(Prefix\\)\\s+service1:http \\(10.1.0.1:8080\\)");
    // Each annotation with what became of it (a key ingressc gives no meaning to).
    assertThat(out).contains("Annotations:\n  team: web\n    -> unknown, no effect");
  }

  @Test
  void describeMergedListsRoutesInPrecedenceOrder() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    String out = CliRunner.run("describe", "-f", f.toString(), "--merged").out();
    assertThat(out).contains("Virtual host: foo.bar.com (exact)");
    assertThat(out).containsPattern("1\\s+Exact\\s+/foo/exact");
    assertThat(out).containsPattern("2\\s+Prefix\\s+/foo\\s");
    assertThat(out).contains("Default backend: shop/fallback:80");
  }

  @Test
  void compileUnknownTargetExitsTwo() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    CliRunner r = CliRunner.run("compile", "--target", "lighttpd", "-f", f.toString(), "-o", tmp.resolve("out").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown target 'lighttpd'");
  }

  @Test
  void compileWritesAndCheckDetectsDifferences() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    Path out = tmp.resolve("out");
    assertThat(CliRunner.run("compile", "-t", "routelist", "-f", f.toString(), "-o", out.toString()).exitCode()).isZero();
    assertThat(Files.readString(out.resolve("routes.txt"))).contains("foo.bar.com PREFIX /foo -> shop/service1:80");

    CliRunner same = CliRunner.run("compile", "-t", "routelist", "-f", f.toString(), "--check", out.toString());
    assertThat(same.exitCode()).isZero();
    assertThat(same.out()).isEmpty();

    CliRunner changedPort = CliRunner.run("compile", "-t", "routelist", "-f", f.toString(), "--http-port", "8080",
        "--check", out.toString());
    assertThat(changedPort.exitCode()).isEqualTo(1);
    assertThat(changedPort.out()).contains("--- a/routes.txt", "+++ b/routes.txt", "-listen 80", "+listen 8080");

    Files.writeString(out.resolve("stale.txt"), "old");
    CliRunner extra = CliRunner.run("compile", "-t", "routelist", "-f", f.toString(), "--check", out.toString());
    assertThat(extra.exitCode()).isEqualTo(1);
    assertThat(extra.out()).contains("extra: stale.txt");
  }

  @Test
  void compileNeedsExactlyOneOfOutputDirAndCheck() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    assertThat(CliRunner.run("compile", "-t", "routelist", "-f", f.toString()).exitCode()).isEqualTo(2);
    assertThat(CliRunner.run("compile", "-t", "routelist", "-f", f.toString(), "-o", "x", "--check", "y").exitCode())
        .isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"validate", "describe", "route", "compile"})
  void everyCommandHasHelpWithExamples(String command) {
    CliRunner r = CliRunner.run(command, "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: ingressc " + command, "Examples:", "--filename", "--controller",
        "--ingress-class", "--default-backend", "--cluster-domain", "--strict");
  }

  @Test
  void versionIsPrinted() {
    CliRunner r = CliRunner.run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("ingressc ");
  }
}
