package dev.ingressc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The route command: the answer it gives, in text and JSON, and how it explains its choice. */
class CliRouteTest extends CliFixture {
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
}
