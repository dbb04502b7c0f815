package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.emit.envoy.EnvoyInterpreter.Answer;
import dev.ingressc.emit.envoy.EnvoyInterpreter.Outcome;
import dev.ingressc.testkit.fixtures.Manifests;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.LocalRateLimitDescriptor;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Rate limits (SEMANTICS.md, Rate limits; {@link EnvoyRateLimits}): the local rate limit filter
 * before the buffer filter, a token bucket per limited route and client address that every Envoy
 * route of the rule (canary, CORS and raw-path variants) draws from, and Envoy's own answers from
 * the default bucket, which never runs out. The burst itself is measured through real nginx and
 * HAProxy (RateLimitContract); no Envoy runs here, so this holds the configuration to the IR.
 */
class RateLimitsTest {
  private static final String A = "nginx.ingress.kubernetes.io/";
  private static final String HOST = "r.example";

  /** r.example: /app (limit-rps 5, burst 25; a header canary; CORS for one origin) and /down (no endpoints); /open. */
  private static Emitted limited() {
    return Emitted.of(Manifests.join(
        EnvoyRoutingCases.ingress("limited").annotation(A + "limit-rps", "5").annotation(A + "enable-cors", "true")
            .annotation(A + "cors-allow-origin", "https://app.example")
            .rule(HOST).path("/app", "Prefix", "svc-1", 80).path("/down", "Prefix", "empty", 80).yaml(),
        EnvoyRoutingCases.ingress("limited-canary").annotation(A + "canary", "true")
            .annotation(A + "canary-by-header", "X-Canary").rule(HOST).path("/app", "Prefix", "svc-3", 80).yaml(),
        EnvoyRoutingCases.ingress("open").rule(HOST).path("/open", "Prefix", "svc-2", 80).yaml(),
        Manifests.serviceAndSlice("empty", 80, 8080),
        EnvoyRoutingCases.services(3)));
  }

  private static EnvoyInterpreter.Request get(String path, Map<String, String> fields) {
    return new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTP_PORT, Optional.empty(), HOST, path).withHeaders(fields);
  }

  /**
   * The configured descriptor whose bucket {@code r} draws from (empty: the default bucket), as the
   * interpreter's local rate limit filter found it, after checking the request is answered as expected.
   */
  private static Optional<LocalRateLimitDescriptor> bucket(Emitted e, EnvoyInterpreter.Request r, Outcome outcome) {
    EnvoyStreamInfo info = new EnvoyStreamInfo();
    Answer a = e.interpreter().handle(r, info);
    assertThat(a.outcome()).as("%s %s from %s: %s", r.path(), r.headers(), r.source(), a.trace()).isEqualTo(outcome);
    return info.rateLimitBucket();
  }

  @Test
  void everyConnectionManagerLimitsBeforeTheBufferFilterWith503() throws Exception {
    for (HttpConnectionManager hcm : SourceRangesTest.managers(limited())) {
      assertThat(hcm.getHttpFiltersList()).extracting(HttpFilter::getName).containsExactly(
          EnvoyRateLimits.FILTER, RouteTableBuilder.BUFFER_FILTER, ListenerBuilder.ROUTER);
      assertThat(hcm.getUpgradeConfigs(0).getFiltersList()).extracting(HttpFilter::getName)
          .containsExactly(EnvoyRateLimits.FILTER, ListenerBuilder.ROUTER);
      LocalRateLimit l = hcm.getHttpFilters(0).getTypedConfig().unpack(LocalRateLimit.class);
      assertThat(l.getStatus().getCodeValue()).isEqualTo(503);
      assertThat(l.getFilterEnabled().getDefaultValue().getNumerator()).isEqualTo(100);
      assertThat(l.getFilterEnforced().getDefaultValue().getNumerator()).isEqualTo(100);
      assertThat(l.getAlwaysConsumeDefaultTokenBucket().getValue()).isFalse();
      assertThat(Integer.toUnsignedLong(l.getTokenBucket().getMaxTokens())).as("the default bucket never runs out")
          .isEqualTo(4_294_967_295L);
    }
  }

  @Test
  void everyVariantOfTheLimitedRouteDrawsFromOneBucketPerClient() {
    Emitted e = limited();
    List<LocalRateLimitDescriptor> seen = new ArrayList<>();
    for (Map<String, String> fields : List.of(Map.<String, String>of(), Map.of("X-Canary", "always"),
        Map.of("X-Canary", "never"), Map.of("Origin", "https://app.example"), Map.of("Origin", "https://other.example"))) {
      seen.add(bucket(e, get("/app/x", fields), Outcome.FORWARDED).orElseThrow());
      seen.add(bucket(e, get("/app//x", fields), Outcome.FORWARDED).orElseThrow());
    }
    assertThat(seen).as("one descriptor for the rule, a wildcard address").containsOnly(seen.get(0));
    LocalRateLimitDescriptor d = seen.get(0);
    assertThat(d.getEntriesList()).extracting(x -> x.getKey() + "=" + x.getValue())
        .containsExactly("generic_key=default/limited spec.rules[0].http.paths[0]", "remote_address=");
    assertThat(d.getTokenBucket().getMaxTokens()).as("burst 25 and the one the rate allows").isEqualTo(26);
    assertThat(d.getTokenBucket().getTokensPerFill().getValue()).isEqualTo(1);
    assertThat(d.getTokenBucket().getFillInterval()).isEqualTo(com.google.protobuf.Duration.newBuilder()
        .setNanos(200_000_000).build());
  }

  @Test
  void envoysOwnAnswersAndOtherRoutesUseTheDefaultBucket() {
    Emitted e = limited();
    assertThat(bucket(e, get("/open", Map.of()), Outcome.FORWARDED)).isEmpty();
    assertThat(bucket(e, get("/down", Map.of()), Outcome.DIRECT_RESPONSE)).as("503 without endpoints").isEmpty();
    assertThat(bucket(e, get("/app", Map.of("Origin", "https://app.example")).withMethod("OPTIONS"),
        Outcome.DIRECT_RESPONSE)).as("a CORS preflight's 204").isEmpty();
  }

  /**
   * w.example, each limit-rps 5 with a limit-whitelist: /open (10.0.0.0/8, 2001:db8::/32, 172.16.0.0/12,
   * no source ranges), /guarded (the same, allowlist-source-range 10.0.0.0/8, 192.168.0.0/16,
   * 2001:db8::/31: 172.16.0.0/12 is exempt but kept out), /v6 (a00::/8 only: an IPv6 range whose
   * leading bits are 10.0.0.0/8's).
   */
  private static Emitted whitelisted() {
    String ranges = "10.0.0.0/8, 2001:db8::/32, 172.16.0.0/12";
    return Emitted.of(Manifests.join(
        EnvoyRoutingCases.ingress("open").annotation(A + "limit-rps", "5").annotation(A + "limit-whitelist", ranges)
            .rule("w.example").path("/open", "Prefix", "svc-1", 80).yaml(),
        EnvoyRoutingCases.ingress("guarded").annotation(A + "limit-rps", "5").annotation(A + "limit-whitelist", ranges)
            .annotation(A + "allowlist-source-range", "10.0.0.0/8, 192.168.0.0/16, 2001:db8::/31")
            .rule("w.example").path("/guarded", "Prefix", "svc-2", 80).yaml(),
        EnvoyRoutingCases.ingress("v6").annotation(A + "limit-rps", "5").annotation(A + "limit-whitelist", "a00::/8")
            .rule("w.example").path("/v6", "Prefix", "svc-3", 80).yaml(),
        EnvoyRoutingCases.services(3)));
  }

  /** The IR's route of the Ingress {@code name}. */
  private static dev.ingressc.ir.Route irRoute(Emitted e, String name) {
    return e.ir().virtualHosts().stream().flatMap(v -> v.routes().stream())
        .filter(r -> r.origin().ingress().equals("default/" + name)).findFirst().orElseThrow();
  }

  @Test
  void anExemptClientDrawsFromTheDefaultBucketAnyOtherFromItsOwnAsTheIrSays() {
    Emitted e = whitelisted();
    // path, client, whether the IR exempts it: both families, and each family's address whose
    // leading bits are the other family's exempt range.
    List<String[]> cases = List.of(
        new String[] {"/open", "10.1.2.3", "exempt"}, new String[] {"/open", "192.168.1.1", "limited"},
        new String[] {"/open", "172.20.0.9", "exempt"}, new String[] {"/open", "2001:db8::7", "exempt"},
        new String[] {"/open", "2001:db9::7", "limited"}, new String[] {"/open", "a00::1", "limited"},
        new String[] {"/guarded", "10.1.2.3", "exempt"}, new String[] {"/guarded", "192.168.1.1", "limited"},
        new String[] {"/guarded", "2001:db8::7", "exempt"}, new String[] {"/guarded", "2001:db9::7", "limited"},
        new String[] {"/v6", "a00::1", "exempt"}, new String[] {"/v6", "10.1.2.3", "limited"},
        new String[] {"/v6", "2001:db8::7", "limited"});
    for (String[] c : cases) {
      dev.ingressc.ir.Route route = irRoute(e, c[0].substring(1));
      dev.ingressc.ir.RateLimit limit = route.rateLimit().orElseThrow();
      boolean exempt = limit.exempts(dev.ingressc.ir.IpLiterals.parse(c[1]).orElseThrow());
      assertThat(exempt ? "exempt" : "limited").as("the IR for %s from %s", c[0], c[1]).isEqualTo(c[2]);
      Optional<LocalRateLimitDescriptor> d = bucket(e,
          new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTP_PORT, Optional.empty(), "w.example", c[0] + "/x")
              .from(c[1]), Outcome.FORWARDED);
      if (exempt) {
        assertThat(d).as("%s from %s: the default bucket, never limited", c[0], c[1]).isEmpty();
        continue;
      }
      assertThat(d).as("%s from %s: its own bucket", c[0], c[1]).isPresent();
      assertThat(d.get().getEntriesList()).extracting(x -> x.getKey() + "=" + x.getValue()).containsExactly(
          "generic_key=" + route.origin().ingress() + " " + route.origin().field(), "limit_whitelist=denied",
          "remote_address=");
      assertThat(d.get().getTokenBucket().getMaxTokens()).isEqualTo(limit.atOnce());
      var every = d.get().getTokenBucket().getFillInterval();
      assertThat(java.time.Duration.ofSeconds(every.getSeconds(), every.getNanos())).isEqualTo(limit.interval());
    }
  }

  @Test
  void theShadowRulesChangeNoSourceRangeDecision() {
    Emitted e = whitelisted();
    dev.ingressc.ir.SourceRanges ranges = irRoute(e, "guarded").sourceRanges().orElseThrow();
    for (String client : List.of("10.1.2.3", "192.168.1.1", "172.20.0.9", "2001:db8::7", "2001:db9::7", "a00::1",
        "8.8.8.8")) {
      boolean allowed = ranges.admits(dev.ingressc.ir.IpLiterals.parse(client).orElseThrow());
      Answer a = e.interpreter().handle(new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTP_PORT, Optional.empty(),
          "w.example", "/guarded/x").from(client));
      assertThat(a.status()).as("%s: %s", client, a.trace()).isEqualTo(allowed ? 0 : 403);
      Answer open = e.interpreter().handle(new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTP_PORT, Optional.empty(),
          "w.example", "/open/x").from(client));
      assertThat(open.outcome()).as("no source ranges on /open: %s", open.trace()).isEqualTo(Outcome.FORWARDED);
    }
    assertThat(ranges.admits(dev.ingressc.ir.IpLiterals.parse("172.20.0.9").orElseThrow()))
        .as("an exempt client the ranges keep out").isFalse();
  }

  @Test
  void aWhitelistAloneBringsTheRbacFilterBeforeTheRateLimit() throws Exception {
    Emitted e = Emitted.of(Manifests.join(EnvoyRoutingCases.ingress("open").annotation(A + "limit-rps", "5")
        .annotation(A + "limit-whitelist", "10.0.0.0/8").rule(HOST).path("/", "Prefix", "svc-1", 80).yaml(),
        EnvoyRoutingCases.services(1)));
    for (HttpConnectionManager hcm : SourceRangesTest.managers(e)) {
      assertThat(hcm.getHttpFiltersList()).extracting(HttpFilter::getName).containsExactly(
          EnvoySourceRanges.RBAC_FILTER, EnvoyRateLimits.FILTER, RouteTableBuilder.BUFFER_FILTER, ListenerBuilder.ROUTER);
      assertThat(hcm.getUpgradeConfigs(0).getFiltersList()).extracting(HttpFilter::getName)
          .containsExactly(EnvoySourceRanges.RBAC_FILTER, EnvoyRateLimits.FILTER, ListenerBuilder.ROUTER);
    }
    var i = e.interpreter();
    assertThat(bucket(e, get("/", Map.of()).from("10.9.9.9"), Outcome.FORWARDED)).isEmpty();
    assertThat(bucket(e, get("/", Map.of()).from("11.9.9.9"), Outcome.FORWARDED)).isPresent();
    assertThat(i.handle(get("/", Map.of()).from("10.9.9.9").upgradeTo("websocket")).outcome())
        .isEqualTo(Outcome.FORWARDED);
    EnvoyStreamInfo ws = new EnvoyStreamInfo();
    i.handle(get("/", Map.of()).from("10.9.9.9").upgradeTo("websocket"), ws);
    assertThat(ws.rateLimitBucket()).as("an exempt WebSocket upgrade").isEmpty();
  }

  @Test
  void aFastRateFillsByTheSecondSinceEnvoyFillsNoFasterThan50Ms() {
    var b = EnvoyRateLimits.bucket(new dev.ingressc.ir.RateLimit(100, false, 500));
    assertThat(b.getMaxTokens()).isEqualTo(501);
    assertThat(b.getTokensPerFill().getValue()).isEqualTo(100);
    assertThat(b.getFillInterval().getSeconds()).isEqualTo(1);
    var m = EnvoyRateLimits.bucket(new dev.ingressc.ir.RateLimit(30, true, 150));
    assertThat(m.getTokensPerFill().getValue()).isEqualTo(1);
    assertThat(m.getFillInterval().getSeconds()).isEqualTo(2);
  }

  @Test
  void withoutALimitNoFilterIsEmitted() throws Exception {
    Emitted e = Emitted.of(Manifests.join(EnvoyRoutingCases.ingress("open").rule(HOST).path("/", "Prefix", "svc-1", 80)
        .yaml(), EnvoyRoutingCases.services(1)));
    for (HttpConnectionManager hcm : SourceRangesTest.managers(e)) {
      assertThat(hcm.getHttpFiltersList()).extracting(HttpFilter::getName).doesNotContain(EnvoyRateLimits.FILTER);
    }
  }
}
