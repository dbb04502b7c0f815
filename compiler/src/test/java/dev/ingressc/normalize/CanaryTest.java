package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Canary;
import dev.ingressc.ir.Route;
import dev.ingressc.route.CanaryChoice;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.IngressManifest;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SEMANTICS.md, Canaries: attaching, precedence, and the values refused. */
class CanaryTest {
  private static final String N = "nginx.ingress.kubernetes.io/";

  private static IngressManifest main(String path, String type) {
    return Manifests.ingress("main").created("2024-01-01T00:00:00Z").rule("shop.example.com").path(path, type, "web", 80);
  }

  private static IngressManifest canary(String name, String created, String path, String type) {
    return Manifests.ingress(name).created(created).annotation(N + "canary", "true")
        .rule("shop.example.com").path(path, type, name, 80);
  }

  private static Compiled compile(String... docs) {
    String[] all = new String[docs.length + 3];
    System.arraycopy(docs, 0, all, 0, docs.length);
    all[docs.length] = Manifests.service("web", 80);
    all[docs.length + 1] = Manifests.service("beta", 80);
    all[docs.length + 2] = Manifests.service("gamma", 80);
    return Compiled.docs(all);
  }

  private static Route only(Compiled c) {
    assertThat(c.ir().virtualHosts()).hasSize(1);
    assertThat(c.ir().virtualHosts().get(0).routes()).hasSize(1);
    return c.ir().virtualHosts().get(0).routes().get(0);
  }

  private static RouteAnswer ask(Compiled c, Map<String, String> headers) {
    return new RouteOracle(c.ir()).route(RouteRequest.http("shop.example.com", "/x").withHeaders(headers));
  }

  @Test
  void aCanaryAttachesToTheMainRouteOfTheSameHostPathAndPathTypeAndIsNoConflict() {
    Compiled c = compile(main("/", "Prefix").yaml(), canary("beta", "2020-01-01T00:00:00Z", "/", "Prefix")
        .annotation(N + "canary-weight", "30").annotation(N + "canary-by-header", "X-Canary").yaml());
    Route r = only(c);
    assertThat(r.backend().ref().display()).isEqualTo("default/web:80");
    Canary k = r.canary().orElseThrow();
    assertThat(k.backend().upstream()).isEqualTo("default/beta:80");
    assertThat(k.weight()).isEqualTo(30);
    assertThat(k.weightTotal()).isEqualTo(100);
    assertThat(k.header()).contains(new Canary.HeaderRule("X-Canary", Optional.empty(), Optional.empty()));
    assertThat(c.ir().upstream("default/beta:80")).isPresent();
    assertThat(c.diagnostics(Severity.ERROR)).isEmpty();
    assertThat(c.diagnostics(Severity.WARNING)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"/shop, Prefix", "/, Exact", "/, ImplementationSpecific"})
  void aCanaryWithoutTheSameHostPathAndPathTypeIsIgnoredWithAWarning(String path, String type) {
    Compiled c = compile(main("/", "Prefix").yaml(), canary("beta", "2024-02-01T00:00:00Z", path, type)
        .annotation(N + "canary-weight", "50").yaml());
    assertThat(only(c).canary()).isEmpty();
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::message).anySatisfy(m -> assertThat(m)
        .startsWith("ignored: no main Ingress serves the canary path"));
  }

  @Test
  void ofTwoCanariesTheOlderWinsAndTheOtherIsWarned() {
    Compiled c = compile(main("/", "Prefix").yaml(),
        canary("gamma", "2024-03-01T00:00:00Z", "/", "Prefix").annotation(N + "canary-weight", "10").yaml(),
        canary("beta", "2024-02-01T00:00:00Z", "/", "Prefix").annotation(N + "canary-weight", "20").yaml());
    assertThat(only(c).canary().orElseThrow().backend().upstream()).isEqualTo("default/beta:80");
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::object).contains("Ingress default/gamma");
  }

  @Test
  void headerThenCookieThenWeight() {
    Compiled c = compile(main("/", "Prefix").yaml(), canary("beta", "2024-02-01T00:00:00Z", "/", "Prefix")
        .annotation(N + "canary-weight", "0").annotation(N + "canary-by-header", "X-Canary")
        .annotation(N + "canary-by-cookie", "beta_user").yaml());
    assertThat(ask(c, Map.of()).upstream().orElseThrow().name()).isEqualTo("default/web:80");
    assertThat(ask(c, Map.of("x-canary", "always")).upstream().orElseThrow().name()).isEqualTo("default/beta:80");
    // The header's "never" beats the cookie's "always".
    RouteAnswer never = ask(c, Map.of("X-Canary", "never", "Cookie", "beta_user=always"));
    assertThat(never.upstream().orElseThrow().name()).isEqualTo("default/web:80");
    assertThat(never.canary().orElseThrow().reason()).isEqualTo(CanaryChoice.Reason.HEADER);
    // Another header value falls through to the cookie.
    RouteAnswer cookie = ask(c, Map.of("X-Canary", "maybe", "Cookie", "a=1; beta_user=always"));
    assertThat(cookie.upstream().orElseThrow().name()).isEqualTo("default/beta:80");
    assertThat(cookie.canary().orElseThrow().reason()).isEqualTo(CanaryChoice.Reason.COOKIE);
    // A cookie value that only starts with "always" is no "always".
    assertThat(ask(c, Map.of("Cookie", "beta_user=alwaysx")).upstream().orElseThrow().name())
        .isEqualTo("default/web:80");
  }

  @Test
  void aHeaderValueOrPatternDecidesOnlyForTheCanary() {
    Compiled byValue = compile(main("/", "Prefix").yaml(), canary("beta", "2024-02-01T00:00:00Z", "/", "Prefix")
        .annotation(N + "canary-by-header", "X-Region").annotation(N + "canary-by-header-value", "eu-west")
        .annotation(N + "canary-weight", "100").yaml());
    assertThat(ask(byValue, Map.of("x-region", "eu-west")).canary().orElseThrow().reason())
        .isEqualTo(CanaryChoice.Reason.HEADER);
    // "never" is just another value now: the weight (100) decides.
    RouteAnswer never = ask(byValue, Map.of("x-region", "never"));
    assertThat(never.canary().orElseThrow().reason()).isEqualTo(CanaryChoice.Reason.WEIGHT);
    assertThat(never.upstream().orElseThrow().name()).isEqualTo("default/beta:80");
    Compiled byPattern = compile(main("/", "Prefix").yaml(), canary("beta", "2024-02-01T00:00:00Z", "/", "Prefix")
        .annotation(N + "canary-by-header", "X-Region").annotation(N + "canary-by-header-pattern", "eu-(west|north)")
        .yaml());
    // Unanchored, as ingress-nginx's ngx.re.match.
    assertThat(ask(byPattern, Map.of("x-region", "x-eu-north-1")).upstream().orElseThrow().name())
        .isEqualTo("default/beta:80");
    assertThat(ask(byPattern, Map.of("x-region", "EU-WEST")).upstream().orElseThrow().name())
        .isEqualTo("default/web:80");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "canary-by-header-pattern | (?=a)b | lookahead (?=",
      "canary-by-header-pattern | (?<!a)b | lookbehind (?<!",
      "canary-by-header-pattern | (a)\\1 | backreference \\1",
      "canary-by-header-pattern | a*+ | possessive quantifier *+",
      "canary-by-header-pattern | (?>a) | atomic group (?>",
      "canary-by-header-pattern | a( | not a valid regular expression",
      "canary-weight | ten | not a whole number",
      "canary-weight | -1 | not a whole number",
      "canary-by-cookie | a=b | a cookie name here",
      "canary-by-header | X_C | a header name here"})
  void aBadValueRejectsTheCanaryNamingTheConstructAndTheMainServesAlone(String key, String value, String why) {
    IngressManifest k = canary("beta", "2024-02-01T00:00:00Z", "/", "Prefix").annotation(N + "canary-by-header", "X-C")
        .annotation(N + key, value);
    Compiled c = compile(main("/", "Prefix").yaml(), k.yaml());
    assertThat(only(c).canary()).isEmpty();
    assertThat(c.diagnostics(Severity.ERROR)).filteredOn(d -> d.object().equals("Ingress default/beta")
        && d.field().equals("metadata.annotations[" + N + key + "]")).extracting(Diagnostic::message)
        .anySatisfy(m -> assertThat(m).contains(why));
  }

  @Test
  void aTotalUnder100IsIgnoredAsInIngressNginxWithAWarning() {
    Compiled c = compile(main("/", "Prefix").yaml(), canary("beta", "2024-02-01T00:00:00Z", "/", "Prefix")
        .annotation(N + "canary-weight", "5").annotation(N + "canary-weight-total", "10").yaml());
    assertThat(only(c).canary().orElseThrow().weightTotal()).isEqualTo(100);
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::field)
        .contains("metadata.annotations[" + N + "canary-weight-total]");
  }

  @Test
  void otherAnnotationsTlsAndDefaultBackendOfACanaryAreIgnoredWithWarnings() {
    Compiled c = compile(main("/", "Prefix").yaml(), canary("beta", "2024-02-01T00:00:00Z", "/", "Prefix")
        .annotation(N + "canary-weight", "5").annotation(N + "backend-protocol", "GRPC").yaml());
    assertThat(c.ir().upstream("default/beta:80").orElseThrow().protocol()).isEqualTo(dev.ingressc.ir.BackendProtocol.HTTP);
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::message)
        .contains("ignored on a canary Ingress: as in ingress-nginx, the main Ingress's annotations apply to its requests");
  }
}
