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

  private static LocalRateLimit config(Emitted e) throws Exception {
    HttpConnectionManager hcm = SourceRangesTest.managers(e).get(0);
    return hcm.getHttpFilters(0).getTypedConfig().unpack(LocalRateLimit.class);
  }

  /** The descriptor {@code r}'s route sends, after checking the request is answered as expected. */
  private static Optional<LocalRateLimitDescriptor> bucket(Emitted e, EnvoyInterpreter.Request r, Outcome outcome)
      throws Exception {
    Answer a = e.interpreter().handle(r);
    assertThat(a.outcome()).as("%s %s: %s", r.path(), r.headers(), a.trace()).isEqualTo(outcome);
    return EnvoyRateLimitModel.descriptor(config(e), a.route().orElseThrow(), r, new ArrayList<>());
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
  void everyVariantOfTheLimitedRouteDrawsFromOneBucketPerClient() throws Exception {
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
  void envoysOwnAnswersAndOtherRoutesUseTheDefaultBucket() throws Exception {
    Emitted e = limited();
    assertThat(bucket(e, get("/open", Map.of()), Outcome.FORWARDED)).isEmpty();
    assertThat(bucket(e, get("/down", Map.of()), Outcome.DIRECT_RESPONSE)).as("503 without endpoints").isEmpty();
    assertThat(bucket(e, get("/app", Map.of("Origin", "https://app.example")).withMethod("OPTIONS"),
        Outcome.DIRECT_RESPONSE)).as("a CORS preflight's 204").isEmpty();
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
