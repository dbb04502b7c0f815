package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.emit.envoy.EnvoyInterpreter.Outcome;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testkit.e2e.Probe;
import dev.ingressc.testkit.fixtures.FlowManifests;
import dev.ingressc.testkit.fixtures.Manifests;
import dev.ingressc.testkit.fixtures.TestCertificates;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBACPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.http.original_ip_detection.xff.v3.XffConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The client address behind trusted proxies (SEMANTICS.md, Client address; {@link EnvoyClientAddress}):
 * what the connection managers and the RBAC configs say once the bootstrap has parsed strictly
 * (every {@link Emitted} is parsed so and checked against Envoy's validation rules), and how the
 * interpreter, reading them as Envoy does ({@link EnvoyClientAddressModel}), answers against the
 * oracle.
 */
class EnvoyClientAddressTest {
  private static final String A = "nginx.ingress.kubernetes.io/";
  private static final String TRUSTED = "127.0.0.2/32, 127.0.0.5";
  private static final String PEER = "127.0.0.2";

  /**
   * Proxies 127.0.0.2 and 127.0.0.5 trusted; g.example lets 203.0.113.0/24 and 127.0.0.0/8 in, keeps
   * 198.51.100.0/24 out, limits to 5 requests a second but for 203.0.113.9; o.example is open, also
   * over TLS, and redirects "/" to /app (app-root: the request's scheme in the Location).
   */
  private static Emitted behindProxies() {
    TestCertificates.Pem cert = TestCertificates.forHosts("o.example");
    String yaml = Manifests.join(
        EnvoyRoutingCases.ingress("guarded")
            .annotation(A + "allowlist-source-range", "203.0.113.0/24, 127.0.0.0/8")
            .annotation(A + "denylist-source-range", "198.51.100.0/24")
            .annotation(A + "limit-rps", "5").annotation(A + "limit-whitelist", "203.0.113.9")
            .rule("g.example").path("/", "Prefix", "svc-1", 80).yaml(),
        EnvoyRoutingCases.ingress("open").tls("o-tls", "o.example").annotation(A + "ssl-redirect", "false")
            .annotation(A + "app-root", "/app").rule("o.example").path("/", "Prefix", "svc-2", 80).yaml(),
        Manifests.tlsSecret("default", "o-tls", cert.certificate(), cert.key()),
        EnvoyRoutingCases.services(2))
        + FlowManifests.ingressClass("lb", CompileOptions.DEFAULT_CONTROLLER, true, "lb")
        + FlowManifests.parameters("lb", "useForwardedHeaders: \"true\", proxyRealIpCidr: \"" + TRUSTED + "\"");
    return Emitted.of(yaml, CompileOptions.defaults(), EnvoyRoutingCases.HTTP_PORT, EnvoyRoutingCases.HTTPS_PORT,
        EnvoyJson.Format.YAML);
  }

  /** The route table of each connection manager. */
  private static List<io.envoyproxy.envoy.config.route.v3.RouteConfiguration> routeTables(Emitted e) throws Exception {
    EnvoyFilterChains chains = new EnvoyFilterChains(e.bootstrap(), e::readAbsolute);
    return SourceRangesTest.managers(e).stream().map(chains::routeTable).toList();
  }

  private static List<HttpConnectionManager> managers(Emitted e) throws Exception {
    List<HttpConnectionManager> out = new ArrayList<>(SourceRangesTest.managers(e));
    assertThat(out).hasSize(2); // the plain listener, o.example's TLS chain
    return out;
  }

  @Test
  void theConnectionManagersFindTheClientInTheTrustedProxiesXForwardedFor() throws Exception {
    Emitted e = behindProxies();
    assertThat(e.ir().listener().trustedProxies().any()).as(e.diagnostics()).isTrue();
    for (HttpConnectionManager hcm : managers(e)) {
      assertThat(hcm.hasUseRemoteAddress()).isTrue();
      assertThat(hcm.getUseRemoteAddress().getValue()).isFalse();
      assertThat(hcm.getOriginalIpDetectionExtensionsList()).hasSize(1);
      assertThat(hcm.getOriginalIpDetectionExtensions(0).getName()).isEqualTo(EnvoyClientAddress.XFF_EXTENSION);
      XffConfig xff = hcm.getOriginalIpDetectionExtensions(0).getTypedConfig().unpack(XffConfig.class);
      assertThat(xff.getXffNumTrustedHops()).isZero();
      assertThat(xff.getXffTrustedCidrs().getCidrsList()).extracting(c -> c.getAddressPrefix() + "/"
          + c.getPrefixLen().getValue()).containsExactly("127.0.0.2/32", "127.0.0.5/32");
      assertThat(xff.getSkipXffAppend().getValue()).isTrue();
      String scheme = hcm.getRds().getRouteConfigName().equals(EnvoyNames.HTTPS) ? "https" : "http";
      assertThat(hcm.getSchemeHeaderTransformation().getSchemeToOverwrite()).isEqualTo(scheme);
      // The 403 of what Envoy cannot read comes first, upgrades included.
      assertThat(hcm.getHttpFiltersList()).extracting(HttpFilter::getName).containsExactly(EnvoyClientAddress.FILTER,
          EnvoySourceRanges.RBAC_FILTER, EnvoyRateLimits.FILTER, RouteTableBuilder.BUFFER_FILTER, ListenerBuilder.ROUTER);
      assertThat(hcm.getUpgradeConfigs(0).getFiltersList()).extracting(HttpFilter::getName).containsExactly(
          EnvoyClientAddress.FILTER, EnvoySourceRanges.RBAC_FILTER, EnvoyRateLimits.FILTER, ListenerBuilder.ROUTER);
      var rules = hcm.getHttpFilters(0).getTypedConfig().unpack(RBAC.class).getRules();
      assertThat(rules.getAction()).isEqualTo(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action.DENY);
      assertThat(rules.getPoliciesMap()).containsOnlyKeys(EnvoyClientAddress.TOO_LONG_POLICY,
          EnvoyClientAddress.UNREADABLE_POLICY);
      assertThat(kinds(rules.getPoliciesOrThrow(EnvoyClientAddress.TOO_LONG_POLICY).getPrincipals(0)))
          .containsExactly("DIRECT_REMOTE_IP", "DIRECT_REMOTE_IP", "HEADER");
      assertThat(kinds(rules.getPoliciesOrThrow(EnvoyClientAddress.UNREADABLE_POLICY).getPrincipals(0)))
          .containsExactly("DIRECT_REMOTE_IP", "DIRECT_REMOTE_IP", "REMOTE_IP", "REMOTE_IP", "HEADER");
    }
    assertThat(e.text(EnvoyEmitter.bootstrapFile(EnvoyJson.Format.YAML)))
        .contains("type.googleapis.com/envoy.extensions.http.original_ip_detection.xff.v3.XffConfig")
        .contains("scheme_to_overwrite");
    // The xDS form says the same and parses as strictly.
    EnvoyResources xds = EnvoyTranslator.translateForXds(e.ir(), e.endpoints(), EnvoyRoutingCases.HTTP_PORT,
        EnvoyRoutingCases.HTTPS_PORT);
    java.util.stream.Stream.of(xds.listeners(), xds.routeConfigurations()).flatMap(List::stream)
        .forEach(m -> assertThat(EnvoyValidation.strictRoundTrip(m, false)).as("%s", m).isEmpty());
    assertThat(EnvoyJson.print(xds.listeners().get(0), EnvoyJson.Format.YAML)).contains(EnvoyClientAddress.FILTER)
        .contains("xff_trusted_cidrs");
  }

  /** The leaves of a principal, depth first: the ranges and header each and_ids / or_ids holds. */
  private static List<String> kinds(Principal p) {
    List<String> out = new ArrayList<>();
    switch (p.getIdentifierCase()) {
      case AND_IDS -> p.getAndIds().getIdsList().forEach(x -> out.addAll(kinds(x)));
      case OR_IDS -> p.getOrIds().getIdsList().forEach(x -> out.addAll(kinds(x)));
      case NOT_ID -> out.addAll(kinds(p.getNotId()));
      default -> out.add(p.getIdentifierCase().name());
    }
    return out;
  }

  @Test
  void rangesAndExemptionsJudgeTheAddressFoundAndTheRefusedTargetComesFirst() throws Exception {
    Emitted e = behindProxies();
    var tables = routeTables(e);
    List<String> guardKinds = new ArrayList<>();
    for (var table : tables) {
      for (var vh : table.getVirtualHostsList()) {
        assertThat(vh.getRoutes(0).getName()).isEqualTo(RouteTableBuilder.REFUSED_TARGET_ROUTE);
        assertThat(vh.getRoutes(0).getTypedPerFilterConfigOrThrow(EnvoyClientAddress.FILTER).unpack(RBACPerRoute.class)
            .hasRbac()).as("the client address filter is off for the refused target").isFalse();
        for (var r : vh.getRoutesList()) {
          if (r.containsTypedPerFilterConfig(EnvoySourceRanges.RBAC_FILTER)) {
            RBAC rbac = r.getTypedPerFilterConfigOrThrow(EnvoySourceRanges.RBAC_FILTER).unpack(RBACPerRoute.class)
                .getRbac();
            rbac.getRules().getPoliciesMap().values().forEach(p -> guardKinds.addAll(kinds(p.getPrincipals(0))));
            rbac.getShadowRules().getPoliciesMap().values().forEach(p -> guardKinds.addAll(kinds(p.getPrincipals(0))));
          }
        }
      }
    }
    assertThat(guardKinds).isNotEmpty().containsOnly("REMOTE_IP");
  }

  @Test
  void withoutTrustedProxiesTheConnectionManagerTakesThePeer() throws Exception {
    Emitted e = Emitted.of(Manifests.join(EnvoyRoutingCases.ingress("a").rule("a.example")
        .path("/", "Prefix", "svc-1", 80).yaml(), EnvoyRoutingCases.services(1)));
    for (HttpConnectionManager hcm : SourceRangesTest.managers(e)) {
      assertThat(hcm.getUseRemoteAddress().getValue()).isTrue();
      assertThat(hcm.getOriginalIpDetectionExtensionsList()).isEmpty();
      assertThat(hcm.hasSchemeHeaderTransformation()).isFalse();
      assertThat(hcm.getHttpFiltersList()).extracting(HttpFilter::getName).doesNotContain(EnvoyClientAddress.FILTER);
    }
    assertThat(routeTables(e).get(0).getVirtualHosts(0).getRoutes(0).getTypedPerFilterConfigMap())
        .doesNotContainKey(EnvoyClientAddress.FILTER);
  }

  /** Requests from trusted proxies and others, each answered by the interpreter as by the oracle, forwarded headers too. */
  @Test
  void envoyAnswersAsTheOracle() {
    Emitted e = behindProxies();
    RouteOracle oracle = new RouteOracle(e.ir());
    String twentyOne = String.join(",", java.util.Collections.nCopies(21, "203.0.113.9"));
    List<String> failures = new ArrayList<>();
    for (String host : List.of("g.example", "o.example", "unknown.example")) {
      for (String[] row : new String[][] {
          {PEER, "203.0.113.9"}, {PEER, "198.51.100.7"}, {"127.0.0.3", "198.51.100.7"},
          {PEER, "198.51.100.7:4711, 203.0.113.10"}, // a forged port left of the client: not refused
          {PEER, "198.51.100.7, 127.0.0.5"}, {PEER, "127.0.0.5, 127.0.0.2"}, {PEER, "2001:db8::1"},
          {PEER, "203.0.113.9 , 127.0.0.5"}, {PEER, twentyOne}, {"127.0.0.3", twentyOne}, {PEER, ""}}) {
        // A proxy's X-Forwarded-Proto is not trusted: the scheme is the connection's.
        Map<String, String> fields = Map.of("X-Forwarded-For", row[1], "X-Forwarded-Proto", "https");
        Map<String, String> overTls = Map.of("X-Forwarded-For", row[1], "X-Forwarded-Proto", "http");
        for (Probe p : List.of(Probe.httpFrom(row[0], host, "/", fields),
            new Probe(host, "/", Optional.of("o.example"), true, 1, Probe.Spread.ANY, overTls, Optional.of(row[0])),
            Probe.httpFrom(row[0], host, "/a/../b", fields), Probe.httpFrom(row[0], host, "/x", fields))) {
          if (p.https() && !host.equals("o.example")) {
            continue;
          }
          RouteRequest req = SharedCasesTest.oracleRequest(p);
          var o = oracle.route(req);
          var a = e.interpreter().handle(SharedCasesTest.envoyRequest(p, Optional.empty()));
          Optional<String> m = EnvoyVersusOracleTest.compare(e.ir(), e.endpoints(), o, a);
          if (m.isEmpty() && o.status() == 200) {
            m = SharedCasesTest.forwarding(p, oracle.clientAddress(req), o, a);
          }
          m.ifPresent(x -> failures.add(p + ": " + x + "\n    oracle: " + o.explanation() + "\n    envoy:  " + a.trace()));
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  /** limit-whitelist exempts the client found, not the proxy: its descriptor says so. */
  @Test
  void theRateLimitKeysAndExemptsTheClientFound() {
    Emitted e = behindProxies();
    for (String client : List.of("203.0.113.9", "203.0.113.10")) {
      EnvoyStreamInfo info = new EnvoyStreamInfo();
      var a = e.interpreter().handle(new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTP_PORT, Optional.empty(),
          "g.example", "/").withHeaders(Map.of("X-Forwarded-For", client)).from(PEER), info);
      assertThat(a.outcome()).as(a.trace().toString()).isEqualTo(Outcome.FORWARDED);
      assertThat(info.rateLimitBucket().isEmpty()).as(client + " is exempt").isEqualTo(client.equals("203.0.113.9"));
      assertThat(info.downstreamRemoteAddress().orElseThrow().literal()).isEqualTo(client);
    }
  }

  /**
   * Entries nginx's walk reads and Envoy's parser does not, from a trusted proxy, when Envoy would
   * fall back to a trusted address: refused with 403 (fail closed; README, Client address) where the
   * oracle names a client. The same entries left of an untrusted address are not refused.
   */
  @Test
  void whatEnvoyCannotReadFromATrustedProxyGets403() {
    Emitted e = behindProxies();
    RouteOracle oracle = new RouteOracle(e.ir());
    for (String xff : List.of("203.0.113.7:4711", "[2001:db8::7]", "[2001:db8::7]:80, 127.0.0.5",
        "203.0.113.7 203.0.113.8", "203.0.113.7,,127.0.0.5", "203.0.113.7,")) {
      RouteRequest req = RouteRequest.http("o.example", "/x").withHeaders(Map.of("X-Forwarded-For", xff))
          .withSource(PEER);
      var a = e.interpreter().handle(new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTP_PORT, Optional.empty(),
          "o.example", "/x").withHeaders(Map.of("X-Forwarded-For", xff)).from(PEER));
      assertThat(oracle.route(req).status()).as(xff).isEqualTo(200);
      assertThat(oracle.clientAddress(req)).as(xff).isPresent().get().isNotEqualTo(PEER);
      assertThat(a.status()).as(xff + " " + a.trace()).isEqualTo(403);
      var left = e.interpreter().handle(new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTP_PORT, Optional.empty(),
          "o.example", "/x").withHeaders(Map.of("X-Forwarded-For", xff + ", 203.0.113.10")).from(PEER));
      assertThat(left.outcome()).as(xff + ", 203.0.113.10 " + left.trace()).isEqualTo(Outcome.FORWARDED);
      assertThat(left.forwarded()).containsEntry("x-real-ip", "203.0.113.10");
    }
  }

  /** What each expression full-matches (java.util.regex reads these as RE2 does). */
  @Test
  void theExpressionsTakeWhatTheySay() {
    Pattern tooLong = Pattern.compile(EnvoyClientAddress.TOO_LONG);
    assertThat(tooLong.matcher(String.join(", ", java.util.Collections.nCopies(21, "a"))).matches()).isTrue();
    assertThat(tooLong.matcher(String.join(", ", java.util.Collections.nCopies(20, "a"))).matches()).isFalse();
    assertThat(tooLong.matcher(",".repeat(20)).matches()).isTrue();
    Pattern unreadable = Pattern.compile(EnvoyClientAddress.UNREADABLE);
    for (String yes : List.of("1.2.3.4:80", " 1.2.3.4:80 ", "a, 1.2.3.4:80", "1.2.3.4:80,a", "[::1]", "[::1]:80",
        "a,[::1]:80 , b", "1.2.3.4 5.6.7.8", "a, 1.2.3.4\t5.6.7.8, b", "a,,b", "a, ,b", "a,", "a, ")) {
      assertThat(unreadable.matcher(yes).matches()).as(yes).isTrue();
    }
    for (String no : List.of("", " ", ",a", "1.2.3.4", "1.2.3.4, 5.6.7.8", "bogus, 127.0.0.5", "2001:db8::1",
        "2001:db8::1:80", "::1, 1.2.3.4", "unknown")) {
      assertThat(unreadable.matcher(no).matches()).as(no).isFalse();
    }
  }
}
