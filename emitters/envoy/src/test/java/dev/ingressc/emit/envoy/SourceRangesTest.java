package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.emit.envoy.EnvoyInterpreter.Answer;
import dev.ingressc.emit.envoy.EnvoyInterpreter.Outcome;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testkit.fixtures.Manifests;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBACPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Source ranges (SEMANTICS.md, Source ranges; {@link EnvoySourceRanges}): the RBAC filter before the
 * buffer filter, and a per-route ALLOW policy by {@code direct_remote_ip} on the routes that proxy.
 * Every request is answered by the interpreter and, besides the expectation written here, compared
 * with the oracle's answer for the same client address.
 */
class SourceRangesTest {
  private static final String A = "nginx.ingress.kubernetes.io/";
  private static final String HOST = "r.example";

  /**
   * r.example: /app (svc-1, with a header canary to svc-3) and /down (no endpoints) guarded by
   * allow 127.0.0.2/32, 10.0.0.0/8 and deny 10.1.0.0/16, a 1k body limit; /open from another
   * Ingress, unguarded. v6.example: allow 2001:db8::/32 only.
   */
  private static Emitted guarded() {
    return Emitted.of(Manifests.join(
        EnvoyRoutingCases.ingress("guarded")
            .annotation(A + "allowlist-source-range", "127.0.0.2/32, 10.0.0.0/8")
            .annotation(A + "denylist-source-range", "10.1.0.0/16")
            .annotation(A + "proxy-body-size", "1k")
            .rule(HOST).path("/app", "Prefix", "svc-1", 80).path("/down", "Prefix", "empty", 80).yaml(),
        EnvoyRoutingCases.ingress("guarded-canary")
            .annotation(A + "canary", "true").annotation(A + "canary-by-header", "X-Canary")
            .rule(HOST).path("/app", "Prefix", "svc-3", 80).yaml(),
        EnvoyRoutingCases.ingress("open").rule(HOST).path("/open", "Prefix", "svc-2", 80).yaml(),
        EnvoyRoutingCases.ingress("v6").annotation(A + "allowlist-source-range", "2001:db8::/32")
            .rule("v6.example").path("/", "Prefix", "svc-1", 80).yaml(),
        Manifests.serviceAndSlice("empty", 80, 8080),
        EnvoyRoutingCases.services(3)));
  }

  private static EnvoyInterpreter.Request get(String host, String path, String from) {
    return new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTP_PORT, Optional.empty(), host, path).from(from);
  }

  /** The interpreter's answer, after checking that the oracle gives the same for the same client. */
  private static Answer answer(Emitted e, EnvoyInterpreter.Request r, List<String> oracleMismatches) {
    Answer a = e.interpreter().handle(r);
    RouteAnswer o = new RouteOracle(e.ir()).route(new RouteRequest(r.host(), r.path(), Optional.empty(),
        EnvoyRoutingCases.HTTPS_PORT).withHeaders(r.headers()).withSource(r.source()));
    EnvoyVersusOracleTest.compare(e.ir(), e.endpoints(), o, a).ifPresent(m -> oracleMismatches.add(r.path() + " from "
        + r.source() + " " + r.headers() + ": " + m + "\n    oracle: " + o.explanation() + "\n    envoy: " + a.trace()));
    return a;
  }

  private static String service(Answer a) {
    return a.outcome() == Outcome.FORWARDED ? a.cluster().orElseThrow().getName() : Integer.toString(a.status());
  }

  @Test
  void theGuardedRouteAdmitsAsTheRangesSayAndOnlyThere() {
    Emitted e = guarded();
    List<String> mismatches = new ArrayList<>();
    Map<String, String> app = Map.of("127.0.0.2", "svc-1", "127.0.0.3", "403", "10.1.2.3", "403", "10.2.0.1", "svc-1",
        "127.0.0.1", "403");
    app.forEach((from, want) -> assertThat(service(answer(e, get(HOST, "/app/x", from), mismatches)))
        .as("/app from %s", from).contains(want));
    for (String from : app.keySet()) {
      assertThat(service(answer(e, get(HOST, "/open", from), mismatches))).as("/open from %s", from).contains("svc-2");
      // No endpoints: 403 for a client kept out first, 503 for one let in (SEMANTICS.md, Source ranges).
      assertThat(answer(e, get(HOST, "/down", from), mismatches).status()).as("/down from %s: no endpoints", from)
          .isEqualTo(app.get(from).equals("403") ? 403 : 503);
      // The answers before any route come first: a refused target is 400 for everyone.
      assertThat(answer(e, get(HOST, "/app/../app", from), mismatches).status()).isEqualTo(400);
    }
    assertThat(answer(e, get(HOST, "/app", "10.1.2.3"), mismatches).outcome()).isEqualTo(Outcome.REFUSED_BY_FILTER);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void bothSidesOfTheCanaryAreGuarded() {
    Emitted e = guarded();
    List<String> mismatches = new ArrayList<>();
    for (String side : new String[] {"always", "never"}) {
      EnvoyInterpreter.Request r = get(HOST, "/app", "10.1.2.3").withHeaders(Map.of("X-Canary", side));
      assertThat(answer(e, r, mismatches).status()).as("canary header %s from a denied client", side).isEqualTo(403);
    }
    assertThat(service(answer(e, get(HOST, "/app", "10.2.0.1").withHeaders(Map.of("X-Canary", "always")),
        mismatches))).contains("svc-3");
    assertThat(mismatches).isEmpty();
  }

  @Test
  void anIpv6RangeAdmitsItsOwnAddressesOnly() {
    Emitted e = guarded();
    List<String> mismatches = new ArrayList<>();
    assertThat(service(answer(e, get("v6.example", "/", "2001:db8::1"), mismatches))).contains("svc-1");
    assertThat(answer(e, get("v6.example", "/", "2001:db9::1"), mismatches).status()).isEqualTo(403);
    assertThat(answer(e, get("v6.example", "/", "127.0.0.1"), mismatches).status()).as("IPv4 is in no IPv6 range")
        .isEqualTo(403);
    assertThat(mismatches).isEmpty();
  }

  /** RBAC decides on the headers, before the buffer filter reads a body: a denied client gets 403, not 413. */
  @Test
  void aDeniedClientGets403BeforeTheBodyLimit() {
    EnvoyInterpreter envoy = guarded().interpreter();
    assertThat(envoy.handle(get(HOST, "/app", "10.1.2.3").withBody(4096)).status()).isEqualTo(403);
    assertThat(envoy.handle(get(HOST, "/app", "10.2.0.1").withBody(4096)).status()).isEqualTo(413);
    assertThat(envoy.handle(get(HOST, "/app", "10.2.0.1").withBody(1024)).outcome()).isEqualTo(Outcome.FORWARDED);
  }

  /** A WebSocket upgrade runs its own filter list, so it carries the RBAC filter too. */
  @Test
  void aDeniedClientCannotOpenAWebSocket() {
    EnvoyInterpreter envoy = guarded().interpreter();
    assertThat(envoy.handle(get(HOST, "/app", "10.1.2.3").upgradeTo("websocket")).status()).isEqualTo(403);
    assertThat(envoy.handle(get(HOST, "/app", "10.2.0.1").upgradeTo("websocket")).outcome())
        .isEqualTo(Outcome.FORWARDED);
  }

  @Test
  void everyConnectionManagerRunsRbacBeforeTheBufferFilter() throws Exception {
    for (HttpConnectionManager hcm : managers(guarded())) {
      assertThat(hcm.getHttpFiltersList()).extracting(HttpFilter::getName).containsExactly(
          EnvoySourceRanges.RBAC_FILTER, RouteTableBuilder.BUFFER_FILTER, ListenerBuilder.ROUTER);
      assertThat(hcm.getHttpFilters(0).getTypedConfig().unpack(RBAC.class)).as("no rules: nothing enforced by default")
          .isEqualTo(RBAC.getDefaultInstance());
      assertThat(hcm.getUpgradeConfigs(0).getFiltersList()).extracting(HttpFilter::getName)
          .containsExactly(EnvoySourceRanges.RBAC_FILTER, ListenerBuilder.ROUTER);
    }
  }

  @Test
  void theGuardedRouteCarriesOneAllowPolicyByDirectRemoteIp() throws Exception {
    Emitted e = guarded();
    Route route = e.interpreter().handle(get(HOST, "/app", "10.2.0.1")).route().orElseThrow();
    var rules = route.getTypedPerFilterConfigOrThrow(EnvoySourceRanges.RBAC_FILTER).unpack(RBACPerRoute.class)
        .getRbac().getRules();
    assertThat(rules.getAction()).isEqualTo(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action.ALLOW);
    assertThat(rules.getPoliciesMap()).containsOnlyKeys(EnvoySourceRanges.POLICY);
    var policy = rules.getPoliciesOrThrow(EnvoySourceRanges.POLICY);
    assertThat(policy.getPermissionsList()).singleElement().satisfies(p -> assertThat(p.getAny()).isTrue());
    Principal p = policy.getPrincipals(0);
    assertThat(p.getAndIds().getIdsList()).hasSize(2);
    assertThat(p.getAndIds().getIds(0).getOrIds().getIdsList()).extracting(
        x -> x.getDirectRemoteIp().getAddressPrefix() + "/" + x.getDirectRemoteIp().getPrefixLen().getValue())
        .containsExactly("10.0.0.0/8", "127.0.0.2/32");
    assertThat(p.getAndIds().getIds(1).getNotId().getOrIds().getIds(0).getDirectRemoteIp().getAddressPrefix())
        .isEqualTo("10.1.0.0");
    // The refused target's 400 carries no RBAC config; the guarded rule's direct 503 does (403 first).
    Route refused = e.interpreter().handle(get(HOST, "/app/../app", "10.2.0.1")).route().orElseThrow();
    assertThat(refused.hasDirectResponse()).isTrue();
    assertThat(refused.getTypedPerFilterConfigMap()).doesNotContainKey(EnvoySourceRanges.RBAC_FILTER);
    Route down = e.interpreter().handle(get(HOST, "/down", "10.2.0.1")).route().orElseThrow();
    assertThat(down.getDirectResponse().getStatus()).isEqualTo(503);
    assertThat(down.getTypedPerFilterConfigMap()).containsKey(EnvoySourceRanges.RBAC_FILTER);
  }

  @Test
  void withoutRangesNothingOfRbacIsEmitted() throws Exception {
    Emitted e = Emitted.of(Manifests.join(EnvoyRoutingCases.ingress("open").rule(HOST).path("/", "Prefix", "svc-1", 80)
        .yaml(), EnvoyRoutingCases.services(1)));
    for (HttpConnectionManager hcm : managers(e)) {
      assertThat(hcm.getHttpFiltersList()).extracting(HttpFilter::getName)
          .containsExactly(RouteTableBuilder.BUFFER_FILTER, ListenerBuilder.ROUTER);
    }
    assertThat(e.text("envoy.yaml")).doesNotContain("rbac");
    assertThat(e.interpreter().handle(get(HOST, "/", "10.9.9.9")).outcome()).isEqualTo(Outcome.FORWARDED);
  }

  static List<HttpConnectionManager> managers(Emitted e) throws Exception {
    List<HttpConnectionManager> out = new ArrayList<>();
    for (Listener l : e.bootstrap().getStaticResources().getListenersList()) {
      for (FilterChain c : l.getFilterChainsList()) {
        out.add(c.getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class));
      }
    }
    assertThat(out).isNotEmpty();
    return out;
  }
}
