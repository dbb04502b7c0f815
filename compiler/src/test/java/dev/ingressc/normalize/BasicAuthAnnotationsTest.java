package dev.ingressc.normalize;

import static dev.ingressc.normalize.OneRouteIngress.P;
import static dev.ingressc.normalize.OneRouteIngress.app;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.TargetProfile;
import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.BasicAuth;
import dev.ingressc.ir.TargetFeature;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.IngressManifest;
import dev.ingressc.testkit.fixtures.Manifests;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * auth-type basic and its family (SEMANTICS.md, Basic auth), read as ingress-nginx reads them: the
 * Secret's users in every hash format ingressc reads, checked by the oracle; whatever cannot be
 * used fails closed (503, or the Ingress rejected). The hashes were made with htpasswd and openssl
 * passwd from the passwords next to them.
 */
class BasicAuthAnnotationsTest {
  private static final String ALICE = "alice:{SHA}tiY7sUhYKUwI5L3866kDY+ENcrQ=";
  private static final String FRANK = "frank:$apr1$Salt1234$HFKA.do29aqSdM8DDIgfv0";
  private static final String DAVE = "dave:$6$Salt6789$phfeykHva9wFstYS5W3dIduPwJqvG6M62Z110KCBLdn9FEj3XKP.iQ9T4W3hvWA99Aw3c0JtoLvKL65Q9PI1C0";
  private static final String ERIN = "erin:$2y$05$hW5Lgpe6/9Hori85qiHl.ey6XVro5FOdewmtkfOvHxF/qpLdbrtxG";
  private static final String GINA = "gina:$5$Salt5678$q8emBpSPjauAAKNVRe2ZSplGlHXMBJpvHhrMDoGR1HB";
  private static final String HANK = "hank:$1$Salt1111$4D6G8wlD2s3gqRbMcNxrM.";

  private static IngressManifest guarded(String... more) {
    IngressManifest m = app("a", "a.example.com").annotation(P + "auth-type", "basic").annotation(P + "auth-secret",
        "users");
    for (int i = 0; i < more.length; i += 2) {
      m = m.annotation(P + more[i], more[i + 1]);
    }
    return m;
  }

  private static String fileSecret(String name, String... lines) {
    return "apiVersion: v1\nkind: Secret\nmetadata: {name: " + name + ", namespace: default}\ndata: {auth: "
        + Base64.getEncoder().encodeToString(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)) + "}\n";
  }

  private static Compiled compile(String secret, IngressManifest m) {
    return compile(secret, m, TargetProfile.ANY);
  }

  private static Compiled compile(String secret, IngressManifest m, TargetProfile target) {
    return Compiled.of(Manifests.join(Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1"), secret, m.yaml()),
        CompileOptions.defaults().withTarget(target));
  }

  private static RouteAnswer ask(Compiled c, String credentials) {
    Map<String, String> fields = credentials == null ? Map.of()
        : Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    return c.route(new RouteRequest("a.example.com", "/", Optional.empty(), 443).withHeaders(fields));
  }

  private static BasicAuth auth(Compiled c) {
    return c.ir().virtualHosts().get(0).routes().get(0).basicAuth().orElseThrow();
  }

  @ParameterizedTest
  @CsvSource({"alice, wonderland", "frank, apache", "dave, pw6", "erin, bcrypt-pw", "gina, pw5", "hank, pw1"})
  void eachHashFormatLetsItsUserInAndNoOtherPassword(String user, String password) {
    Compiled c = compile(fileSecret("users", "# a comment", ALICE, "", FRANK, DAVE, ERIN, GINA, HANK), guarded());
    assertThat(c.diagnostics(Severity.ERROR)).isEmpty();
    assertThat(ask(c, user + ":" + password).status()).isEqualTo(200);
    RouteAnswer wrong = ask(c, user + ":" + password + "x");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.decidedBy()).isEqualTo(RouteAnswer.Step.BASIC_AUTH);
    assertThat(wrong.responseHeaders()).containsEntry("WWW-Authenticate", "Basic realm=\"\"");
    assertThat(ask(c, "mallory:" + password).status()).isEqualTo(401);
  }

  @Test
  void noOrMalformedCredentialsGet401WithTheRealm() {
    Compiled c = compile(fileSecret("users", ALICE), guarded("auth-realm", "Staff only"));
    for (String sent : new String[] {null, "alice", "alice:", ":wonderland"}) {
      RouteAnswer a = ask(c, sent);
      assertThat(a.status()).as(String.valueOf(sent)).isEqualTo(401);
      assertThat(a.responseHeaders()).containsEntry("WWW-Authenticate", "Basic realm=\"Staff only\"");
      assertThat(a.backend()).isEmpty();
    }
    RouteAnswer bearer = c.route(new RouteRequest("a.example.com", "/", Optional.empty(), 443)
        .withHeaders(Map.of("Authorization", "Bearer x")));
    assertThat(bearer.status()).isEqualTo(401);
  }

  @Test
  void anAuthMapListsAUserPerKey() {
    String secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: users, namespace: default}\nstringData: {carol: '"
        + "{SHA}/vNB+F2HQ559kaLUZbmHHvZrXpg=', alice: '" + ALICE.substring(6) + "'}\n";
    Compiled c = compile(secret, guarded("auth-secret-type", "auth-map"));
    assertThat(auth(c).credentials().users()).extracting(BasicAuth.User::name).containsExactly("alice", "carol");
    assertThat(ask(c, "carol:s3cret").status()).isEqualTo(200);
    // Read as an auth-file, the same Secret has no key auth: unusable, 503.
    Compiled asFile = compile(secret, guarded());
    assertThat(ask(asFile, "carol:s3cret").status()).isEqualTo(503);
    assertThat(asFile.diagnostics(Severity.ERROR)).extracting(Diagnostic::message)
        .anyMatch(m -> m.contains("has no key auth"));
  }

  @Test
  void theFirstLineOfARepeatedUserCountsAsInNginx() {
    Compiled c = compile(fileSecret("users", ALICE, "alice:{SHA}9SMYoF5RilWWASry7TjeaKwmpGg="), guarded());
    assertThat(ask(c, "alice:wonderland").status()).isEqualTo(200);
    assertThat(ask(c, "alice:builder").status()).isEqualTo(401);
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::message).anyMatch(m -> m.contains("again on line 2"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain:secret", "des:abJnggxhB/yWI", "yes:$y$j9T$abc$def", "bad user:{SHA}tiY7sUhYKUwI5L3866kDY+ENcrQ=",
      "nocolon", "sha:{SHA}short="})
  void credentialsThatCannotBeUsedAnswer503AndSaySo(String line) {
    Compiled c = compile(fileSecret("users", ALICE, line), guarded());
    RouteAnswer a = ask(c, "alice:wonderland");
    assertThat(a.status()).isEqualTo(503);
    assertThat(a.decidedBy()).isEqualTo(RouteAnswer.Step.BASIC_AUTH);
    assertThat(c.diagnostics(Severity.ERROR)).singleElement().satisfies(d -> {
      assertThat(d.field()).isEqualTo("metadata.annotations[" + P + "auth-secret]");
      assertThat(d.message()).contains("Secret default/users").contains("answer 503");
    });
  }

  @Test
  void aMissingSecretAnswers503() {
    Compiled c = compile("", guarded());
    assertThat(ask(c, "alice:wonderland").status()).isEqualTo(503);
    assertThat(c.diagnostics(Severity.ERROR)).extracting(Diagnostic::message)
        .anyMatch(m -> m.contains("Secret default/users does not exist"));
  }

  @Test
  void aTargetThatCannotCheckAHashRefusesThoseCredentialsOnly() {
    String secret = fileSecret("users", ALICE, FRANK);
    TargetProfile haproxy = new TargetProfile("haproxy", Set.of(TargetFeature.APR1_HASHES));
    Compiled c = compile(secret, guarded(), haproxy);
    assertThat(ask(c, "alice:wonderland").status()).isEqualTo(503);
    assertThat(c.diagnostics(Severity.ERROR)).singleElement().satisfies(d -> {
      assertThat(d.code()).isEqualTo(AnnotationAccounting.TARGET_LACKS);
      assertThat(d.message()).contains("haproxy").contains("$apr1$").contains("frank");
    });
    // {SHA} alone every target checks; crypt(3) not Envoy.
    assertThat(ask(compile(fileSecret("users", ALICE), guarded(), haproxy), "alice:wonderland").status()).isEqualTo(200);
    TargetProfile envoy = new TargetProfile("envoy", Set.of(TargetFeature.APR1_HASHES, TargetFeature.CRYPT_HASHES));
    assertThat(ask(compile(fileSecret("users", ALICE, DAVE), guarded(), envoy), "alice:wonderland").status()).isEqualTo(503);
    assertThat(ask(compile(fileSecret("users", ALICE, DAVE), guarded(), haproxy), "dave:pw6").status()).isEqualTo(200);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "auth-type ; digest", "auth-type ; form", "auth-secret-type ; auth-json", "auth-realm ; say \"hi\"",
      "auth-realm ; $host", "auth-secret ; other/users", "auth-secret ; Not_A_Name"})
  void whatWouldWeakenTheCheckRejectsTheIngress(String key, String value) {
    Compiled c = compile(fileSecret("users", ALICE), guarded(key, value));
    assertThat(c.ir().virtualHosts()).isEmpty();
    assertThat(c.diagnostics(Severity.ERROR)).extracting(Diagnostic::field).contains("metadata.annotations[" + P + key + "]");
  }

  @Test
  void theFamilyWithoutAuthTypeHasNoEffectAndSaysSo() {
    Compiled c = compile(fileSecret("users", ALICE), app("a", "a.example.com").annotation(P + "auth-secret", "users")
        .annotation(P + "auth-realm", "x"));
    assertThat(ask(c, null).status()).isEqualTo(200);
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::message).filteredOn(m -> m.contains("auth-type is not set"))
        .hasSize(2);
  }

  @Test
  void aCanaryTakesTheMainRoutesAuthAndA503BackendIsNotAskedForCredentials() {
    String yaml = Manifests.join(Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1"), Manifests.service("none", 80),
        Manifests.endpointSlice("default", "none-1", "none", null, 8080, Manifests.notReady("10.9.0.2")),
        fileSecret("users", ALICE),
        guarded().yaml(), Manifests.ingress("c").created("2024-01-02T00:00:00Z").annotation(P + "canary", "true")
            .annotation(P + "canary-by-header", "X-Canary").rule("a.example.com").path("/", "Prefix", "web", 80).yaml(),
        app("b", "b.example.com").annotation(P + "auth-type", "basic").annotation(P + "auth-secret", "users")
            .path("/none", "Prefix", "none", 80).yaml());
    Compiled c = Compiled.of(yaml);
    RouteAnswer canary = c.route(new RouteRequest("a.example.com", "/", Optional.empty(), 443)
        .withHeaders(Map.of("X-Canary", "always")));
    assertThat(canary.status()).isEqualTo(401);
    List<String> why = c.route("b.example.com", "/none").explanation();
    assertThat(c.route("b.example.com", "/none").status()).as(String.join("\n", why)).isEqualTo(503);
    assertThat(c.route("b.example.com", "/none").decidedBy()).isEqualTo(RouteAnswer.Step.ROUTING);
  }
}
