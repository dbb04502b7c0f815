package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.BoolValue;
import dev.ingressc.ir.RequestTargets;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import dev.ingressc.testkit.fixtures.TestCertificates;
import dev.ingressc.testkit.fixtures.Manifests;

/**
 * The request-target policy on Envoy (SEMANTICS.md, Request targets), through the
 * interpreter over the emitted bootstrap: every refused class answers 400, encoded and
 * slash-doubled targets route as their canonical path, absolute-form and {@code *} answer 400, on
 * exact, wildcard, host-less and redirecting hosts, plain and TLS; each answer is the oracle's.
 */
class EnvoyRequestTargetTest {
  private static final int HTTP = EnvoyRoutingCases.HTTP_PORT;
  private static final int HTTPS = EnvoyRoutingCases.HTTPS_PORT;

  /** One refused target per class of the policy (RequestTargets), and a few across classes. */
  static final List<String> REFUSED = List.of(
      "/a b", "/a\tb", "/caf\u00e9", "/a\u007fb", "/a#b", "/a?b#c", "/a%7Fb", "/a%7fb", "/a?x=%7f",
      "/a\"b", "/a<b", "/a>b", "/a\\b", "/a^b", "/a`b", "/a{b", "/a|b", "/a}b", "/a[b", "/a]b",
      "/a%zz", "/a%4", "/a%", "/a%g1", "/a%4?x", "/a%2Fb", "/a%2fb", "/a%5Cb", "/a%5cb", "/a%00", "/a%0a", "/a%1F",
      "/a%25", "/a%2541",
      "/.", "/..", "/./a", "/../a", "/a/./b", "/a/../b", "/a/.", "/a/..", "/a/.?x", "/a/..?x", "/a/%2e", "/a/%2E/b",
      "/a/.%2e/b", "/a/%2e%2E", "/api/../x", "/x!&()*+,=:@y/..", "//..//a", "/impl/%2Fx");

  /** Accepted targets whose raw path is not their canonical path, or whose query is unusual. */
  static final List<String> ACCEPTED = List.of(
      "/", "/api", "/%61pi", "/%61%70%69", "/%41PI", "/ap%69/v1", "//api", "/api//", "///api///v1//items",
      "/api/v1/items", "/api/v1/item%73", "/api/v1/items%3F", "/api/v1/items/", "/api/v1/items?x=%2F..%zz[]{}",
      "/api?u=http://x//y", "/api%3Fx", "/apix", "/ap", "/a-b.c_d~e", "/a%2Db%2Ec%5Fd%7Ee", "/a%2db%2ec%5fd%7ee",
      "/a-b.c_d~e/", "/x!&()*+,=:@y", "/x%21%26%28%29%2A%2B%2C%3D%3A%40y", "/x%21%26%28%29%2a%2b%2c%3d%3a%40y/z",
      "/x!&()*+,=:@yz", "/%78!&()*+,=:@y//z", "/b%20c", "/b%c3%a9", "/b%7E", "/b.", "/b..", "/.b", "/a/...", "/%2e%2e%2e",
      "/$&'()*+,;=:@", "/impl/x", "/impl//x", "/impl/%2Dx", "/only", "/onl%79", "/only/", "/onlyx");

  /** Targets that are not origin-form. */
  static final List<String> NOT_ORIGIN_FORM = List.of(
      "http://t.example/api", "https://t.example/", "HTTP://t.example/api", "http://other.example/", "*",
      "t.example:80", "http://t.example", "http://t.example/a/../b");

  static Emitted emitted() {
    TestCertificates.Pem s = TestCertificates.forHosts("s.example");
    String rules = EnvoyRoutingCases.ingress("targets")
        .tls("s-tls", "s.example")
        .rule("t.example")
        .path("/api", "Prefix", "svc-1", 80)
        .path("/api/v1/items", "Exact", "svc-2", 80)
        .path("/a-b.c_d~e", "Exact", "svc-3", 80)
        .path("/x!&()*+,=:@y", "Prefix", "svc-4", 80)
        .path("/impl//x", "ImplementationSpecific", "svc-5", 80)
        .rule("*.w.example")
        .path("/api", "Prefix", "svc-6", 80)
        .rule("s.example")
        .path("/api", "Prefix", "svc-7", 80)
        .rule(null)
        .path("/only", "Exact", "svc-8", 80)
        .yaml();
    return Emitted.of(Manifests.join(rules, Manifests.tlsSecret("default", "s-tls", s.certificate(), s.key()),
        EnvoyRoutingCases.services(8)), dev.ingressc.CompileOptions.defaults(), HTTP, HTTPS, EnvoyJson.Format.YAML);
  }

  /** Hosts: exact, wildcard one label deep and two, TLS (redirecting on plain HTTP), unknown. */
  private static final List<String> HOSTS = List.of("t.example", "x.w.example", "a.b.w.example", "s.example",
      "other.example", "T.EXAMPLE:8080");

  @Test
  void everyRefusedClassAnswers400OnEveryHostAndListener() {
    Emitted e = emitted();
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (String target : REFUSED) {
      assertThat(RequestTargets.canonicalize(target)).as(target).isInstanceOf(RequestTargets.Refused.class);
      for (Probe p : probes(target)) {
        RouteAnswer o = p.oracle(e);
        EnvoyInterpreter.Answer a = p.envoy(e);
        if (o.status() != RouteAnswer.HANDSHAKE_REFUSED) {
          assertThat(o.status()).as("oracle for %s", p).isEqualTo(RouteAnswer.BAD_REQUEST);
          assertThat(a.status()).as("envoy for %s", p).isEqualTo(400);
          checked++;
        }
        compare(e, p, o, a).ifPresent(failures::add);
      }
    }
    assertThat(failures).isEmpty();
    // Plain HTTP on every host, and TLS on the one host with a certificate (s.example).
    assertThat(checked).isEqualTo(REFUSED.size() * (HOSTS.size() + 1));
  }

  @Test
  void acceptedTargetsRouteByTheirCanonicalPath() {
    Emitted e = emitted();
    List<String> failures = new ArrayList<>();
    int forwarded = 0;
    for (String target : ACCEPTED) {
      assertThat(RequestTargets.canonicalize(target)).as(target).isInstanceOf(RequestTargets.Canonical.class);
      for (Probe p : probes(target)) {
        RouteAnswer o = p.oracle(e);
        EnvoyInterpreter.Answer a = p.envoy(e);
        compare(e, p, o, a).ifPresent(failures::add);
        forwarded += a.outcome() == EnvoyInterpreter.Outcome.FORWARDED ? 1 : 0;
      }
    }
    assertThat(failures).isEmpty();
    assertThat(forwarded).as("requests that reached a backend").isGreaterThan(ACCEPTED.size());
  }

  /** A few answers spelled out, so the comparison above is not only with itself. */
  @Test
  void encodedTargetsReachTheRuleTheyEncode() {
    Emitted e = emitted();
    assertThat(cluster(e, "/%61pi")).isEqualTo(cluster(e, "/api")).isEqualTo("upstream_default_2f_svc-1_3a_80");
    assertThat(cluster(e, "///api///v1//items")).isEqualTo(cluster(e, "/api/v1/items"))
        .isEqualTo("upstream_default_2f_svc-2_3a_80");
    assertThat(cluster(e, "/a%2db%2ec%5fd%7ee")).isEqualTo("upstream_default_2f_svc-3_3a_80");
    assertThat(cluster(e, "/x%21%26%28%29%2a%2b%2c%3d%3a%40y/z")).isEqualTo("upstream_default_2f_svc-4_3a_80");
    assertThat(cluster(e, "/api/v1/items%3F")).as("an escaped '?' is not decoded").isEqualTo(cluster(e, "/api"));
    EnvoyInterpreter.Answer routed = e.interpreter().handle(new EnvoyInterpreter.Request(HTTP, Optional.empty(),
        "t.example", "/%61pi"));
    assertThat(routed.route().get().getName()).endsWith(RouteTableBuilder.RAW_PATH_SUFFIX);
    assertThat(e.interpreter().handle(new EnvoyInterpreter.Request(HTTP, Optional.empty(), "t.example", "/impl//x"))
        .status()).as("a rule with an empty segment never matches").isEqualTo(404);
  }

  @Test
  void targetsThatAreNotOriginFormAnswer400BeforeRouting() {
    Emitted e = emitted();
    List<String> failures = new ArrayList<>();
    for (String target : NOT_ORIGIN_FORM) {
      for (Probe p : probes(target)) {
        RouteAnswer o = p.oracle(e);
        EnvoyInterpreter.Answer a = p.envoy(e);
        compare(e, p, o, a).ifPresent(failures::add);
        if (o.status() == RouteAnswer.HANDSHAKE_REFUSED) {
          continue;
        }
        assertThat(o.status()).as("oracle for %s", p).isEqualTo(RouteAnswer.BAD_REQUEST);
        assertThat(a.outcome()).as("%s", p).isEqualTo(EnvoyInterpreter.Outcome.REFUSED_BEFORE_ROUTING);
        // Before the upgrade check: an unknown upgrade changes nothing.
        assertThat(e.interpreter().handle(p.request().upgradeTo("foo")).status()).as("%s upgrading", p).isEqualTo(400);
      }
    }
    assertThat(failures).isEmpty();
  }

  /** The interpreter's teeth: without the mapper the answer is Envoy's 404; with the default, it refuses to guess. */
  @Test
  void theLocalReplyMapperIsWhatTurnsTheNonRelative404Into400() {
    Emitted e = emitted();
    EnvoyInterpreter.Request absolute = new EnvoyInterpreter.Request(HTTP, Optional.empty(), "t.example",
        "http://t.example/api");
    EnvoyInterpreter unmapped = new EnvoyInterpreter(withManagers(e.bootstrap(), h -> h.toBuilder()
        .clearLocalReplyConfig().build()), e::readAbsolute);
    assertThat(unmapped.handle(absolute).status()).isEqualTo(404);
    EnvoyInterpreter proxying = new EnvoyInterpreter(withManagers(e.bootstrap(), h -> h.toBuilder()
        .setHttpProtocolOptions(h.getHttpProtocolOptions().toBuilder().setAllowAbsoluteUrl(BoolValue.of(true)))
        .build()), e::readAbsolute);
    assertThatThrownBy(() -> proxying.handle(absolute)).isInstanceOf(UnsupportedOperationException.class);
    // The mapper leaves a relative path's 404 alone.
    assertThat(e.interpreter().handle(new EnvoyInterpreter.Request(HTTP, Optional.empty(), "t.example", "/nothing"))
        .status()).isEqualTo(404);
  }

  @Test
  void everyVirtualHostStartsWithTheRefusedRouteAndEndsWithItsCatchAll() throws Exception {
    Emitted e = emitted();
    List<RouteConfiguration> tables = new ArrayList<>();
    tables.add(manager(e.bootstrap().getStaticResources().getListeners(0).getFilterChains(0)).getRouteConfig());
    for (var a : StrictParse.discoveryResponse(e.text(StaticBootstrap.httpsRoutesFile(EnvoyJson.Format.YAML)))
        .getResourcesList()) {
      tables.add(a.unpack(RouteConfiguration.class));
    }
    assertThat(tables).hasSize(2);
    for (RouteConfiguration t : tables) {
      for (var v : t.getVirtualHostsList()) {
        List<Route> routes = v.getRoutesList();
        assertThat(routes.get(0).getName()).as(v.getName()).isEqualTo(RouteTableBuilder.REFUSED_TARGET_ROUTE);
        assertThat(routes.get(0).getMatch().getHeaders(0).getStringMatch().getSafeRegex().getRegex())
            .isEqualTo(RequestTargets.REFUSED_TARGET_FULL);
        assertThat(routes.get(0).getDirectResponse().getStatus()).isEqualTo(400);
        assertThat(routes.get(routes.size() - 1).getMatch().getPrefix()).isEqualTo("/");
        assertThat(routes.get(routes.size() - 1).getMatch().getHeadersCount()).isZero();
        assertThat(routes.stream().map(Route::getName).toList()).as("route names in %s", v.getName())
            .doesNotHaveDuplicates();
      }
    }
  }

  @Test
  void bothBootstrapsLiftRe2sProgramSizeLimitAndParseStrictly() throws Exception {
    Emitted e = emitted();
    Bootstrap xds = StrictParse.bootstrap(EnvoyEmitter.xdsBootstrap(DynamicBootstrap.XdsAddress.parse("127.0.0.1:18000"),
        new dev.ingressc.emit.EmitOptions(HTTP, HTTPS, Emitted.OUT, Emitted.RUNTIME, Optional.of("yaml")))
        .file(EnvoyEmitter.bootstrapFile(EnvoyJson.Format.YAML)).orElseThrow().text());
    for (Bootstrap b : List.of(e.bootstrap(), xds)) {
      var layer = b.getLayeredRuntime().getLayers(0).getStaticLayer().getFieldsMap();
      assertThat(layer.get("re2.max_program_size.error_level").getStringValue()).isEqualTo("4294967295");
      assertThat(layer.get("re2.max_program_size.warn_level").getStringValue()).isEqualTo("4294967295");
    }
    HttpConnectionManager hcm = manager(e.bootstrap().getStaticResources().getListeners(0).getFilterChains(0));
    assertThat(hcm.getHttpProtocolOptions().getAllowAbsoluteUrl()).isEqualTo(BoolValue.of(false));
    assertThat(hcm.getNormalizePath()).isEqualTo(BoolValue.of(false));
    assertThat(hcm.getMergeSlashes()).isFalse();
    assertThat(hcm.getPathWithEscapedSlashesAction())
        .isEqualTo(HttpConnectionManager.PathWithEscapedSlashesAction.KEEP_UNCHANGED);
  }

  private static String cluster(Emitted e, String target) {
    EnvoyInterpreter.Answer a = e.interpreter().handle(new EnvoyInterpreter.Request(HTTP, Optional.empty(),
        "t.example", target));
    assertThat(a.outcome()).as("%s: %s", target, a.trace()).isEqualTo(EnvoyInterpreter.Outcome.FORWARDED);
    return a.cluster().get().getName();
  }

  /** A request to one host, over plain HTTP or TLS (SNI = the Host without its port). */
  record Probe(String host, String target, boolean tls) {
    EnvoyInterpreter.Request request() {
      Optional<String> sni = tls ? Optional.of(EnvoyRouteMatching.hostWithoutPort(host).toLowerCase()) : Optional.empty();
      return new EnvoyInterpreter.Request(tls ? HTTPS : HTTP, tls, sni, host, target);
    }

    RouteAnswer oracle(Emitted e) {
      Optional<String> sni = tls ? Optional.of(EnvoyRouteMatching.hostWithoutPort(host).toLowerCase()) : Optional.empty();
      return new RouteOracle(e.ir()).route(new RouteRequest(host, target, sni, HTTPS));
    }

    EnvoyInterpreter.Answer envoy(Emitted e) {
      return e.interpreter().handle(request());
    }
  }

  private static List<Probe> probes(String target) {
    List<Probe> out = new ArrayList<>();
    for (String h : HOSTS) {
      out.add(new Probe(h, target, false));
      out.add(new Probe(h, target, true));
    }
    return out;
  }

  private static Optional<String> compare(Emitted e, Probe p, RouteAnswer o, EnvoyInterpreter.Answer a) {
    return EnvoyVersusOracleTest.compare(e.ir(), e.endpoints(), o, a).map(m -> p + ": " + m + "\n    oracle: " + o.explanation()
        + "\n    envoy:  " + a.trace());
  }

  private static HttpConnectionManager manager(FilterChain c) {
    return EnvoyInterpreter.unpack(c.getFilters(0).getTypedConfig(), HttpConnectionManager.class);
  }

  /** The bootstrap with every connection manager of every listener rewritten. */
  static Bootstrap withManagers(Bootstrap b, UnaryOperator<HttpConnectionManager> change) {
    Bootstrap.Builder out = b.toBuilder();
    for (var l : out.getStaticResourcesBuilder().getListenersBuilderList()) {
      List<FilterChain.Builder> chains = new ArrayList<>(l.getFilterChainsBuilderList());
      if (l.hasDefaultFilterChain()) {
        chains.add(l.getDefaultFilterChainBuilder());
      }
      for (FilterChain.Builder c : chains) {
        for (Filter.Builder f : c.getFiltersBuilderList()) {
          f.setTypedConfig(com.google.protobuf.Any.pack(change.apply(
              EnvoyInterpreter.unpack(f.getTypedConfig(), HttpConnectionManager.class))));
        }
      }
    }
    return out.build();
  }
}
