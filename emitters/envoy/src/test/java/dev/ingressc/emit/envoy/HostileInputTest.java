package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingressc.emit.envoy.EnvoyRoutingCases.Scenario;
import dev.ingressc.ir.HostMatch;
import dev.ingressc.ir.RequestTargets;
import dev.ingressc.ir.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import dev.ingressc.testkit.fixtures.Manifests;

/**
 * A hostile path or host never widens a match: the only regular expressions are the policy's
 * refused-target expression, the raw-path expression {@code RequestTargets.rawPathRegex} makes of
 * each validated rule path (every character in a class of its own), and one-label guards built
 * from validated wildcard hosts with every punctuation character escaped; rejected input leaves no
 * trace in the output.
 */
class HostileInputTest {
  /** What a one-label guard must look like: a fixed head and tail around an escaped suffix. */
  private static final Pattern GUARD = Pattern.compile("\\Q(?i)[^.:]+\\E((?:\\\\[^A-Za-z0-9]|[A-Za-z0-9])+)"
      + "\\Q\\.?(:[0-9]*)?\\E");

  static Stream<Scenario> scenarios() {
    return EnvoyRoutingCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void pathsAreLiteralAndTheOnlyRegexesAreEscapedOneLabelGuards(Scenario s) throws Exception {
    Emitted e = Emitted.of(s.yaml(), s.options(), EnvoyRoutingCases.HTTP_PORT, s.httpsPort(), EnvoyJson.Format.YAML);
    Set<String> wildcardSuffixes = e.ir().virtualHosts().stream().filter(v -> v.match() == HostMatch.WILDCARD)
        .map(VirtualHost::host).map(h -> h.substring(1)).collect(Collectors.toSet());
    Set<String> irPaths = e.ir().virtualHosts().stream().flatMap(v -> v.routes().stream())
        .flatMap(r -> Stream.of(r.path(), r.matchPath())).collect(Collectors.toSet());
    Set<String> rawPathRegexes = e.ir().virtualHosts().stream().flatMap(v -> v.routes().stream())
        .flatMap(r -> RequestTargets.rawPathRegex(r.match(), r.path()).stream()).collect(Collectors.toSet());
    for (Route r : allRoutes(e)) {
      RouteMatch m = r.getMatch();
      switch (m.getPathSpecifierCase()) {
        case PATH -> assertThat(irPaths).contains(m.getPath());
        case PATH_SEPARATED_PREFIX -> assertThat(irPaths).contains(m.getPathSeparatedPrefix());
        case PREFIX -> assertThat(m.getPrefix()).as("prefix is only ever /").isEqualTo("/");
        case SAFE_REGEX -> assertThat(rawPathRegexes).contains(m.getSafeRegex().getRegex());
        default -> throw new AssertionError("a path matcher that is not literal: " + m);
      }
      assertThat(m.hasCaseSensitive()).as("paths compare case-sensitively (the default)").isFalse();
      for (HeaderMatcher h : m.getHeadersList()) {
        if (h.getName().equals(":path")) {
          assertThat(h).as("a :path matcher is a plain-path guard or the refused-target match")
              .isIn(PLAIN_PATH_GUARDS.get(0), PLAIN_PATH_GUARDS.get(1), REFUSED);
          continue;
        }
        assertThat(h.getName()).isEqualTo(":authority");
        assertThat(h.getInvertMatch()).isFalse();
        var g = GUARD.matcher(h.getStringMatch().getSafeRegex().getRegex());
        assertThat(g.matches()).as("guard shape: %s", h).isTrue();
        assertThat(wildcardSuffixes).contains(g.group(1).replace("\\", ""));
      }
    }
  }

  /** Every character of a rule path is a one-character class or its escape in the raw-path expression. */
  @Test
  void theRawPathExpressionOfAHostilePathMatchesOnlyThatPath() {
    String hostile = "/a.*(x)+b|c";
    Pattern p = Pattern.compile(RequestTargets.rawPathRegex(dev.ingressc.ir.PathMatch.EXACT, hostile).orElseThrow());
    assertThat(p.matcher(hostile).matches()).isTrue();
    for (String no : List.of("/a", "/axxb", "/a.(x)+b", "/a.*(x)+b", "/c", "/a.*(x)+b|cc", "/a.*xb|c")) {
      assertThat(p.matcher(no).matches()).as(no).isFalse();
    }
  }

  @Test
  void theGuardMatchesOneLiteralLabelAndNothingElse() {
    Pattern p = Pattern.compile(HostPatterns.oneLabelAuthority("*.a-b.example"));
    for (String yes : List.of("x.a-b.example", "X.A-B.EXAMPLE", "x.a-b.example:8080", "x.a-b.example.", "x.a-b.example:",
        "*.a-b.example", "x_y.a-b.example")) {
      assertThat(p.matcher(yes).matches()).as(yes).isTrue();
    }
    for (String no : List.of("a-b.example", ".a-b.example", "x.y.a-b.example", "x.aXb.example", "x.a-bXexample",
        "x.a-b.example.evil", "x.a-b.examplee", "x:1.a-b.example", "x.a-b.example:80x", "x.a-b.example..")) {
      assertThat(p.matcher(no).matches()).as(no).isFalse();
    }
  }

  @Test
  void quotingEscapesEveryPunctuationAndRefusesWhatItCannotEscape() {
    String punct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    assertThat(Pattern.compile(HostPatterns.quote(punct)).matcher(punct).matches()).isTrue();
    assertThat(Pattern.compile(HostPatterns.quote("a.b")).matcher("axb").matches()).isFalse();
    assertThatThrownBy(() -> HostPatterns.quote("caf\u00e9")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HostPatterns.quote("a b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HostPatterns.quote("a\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HostPatterns.oneLabelAuthority("foo.com")).isInstanceOf(IllegalArgumentException.class);
  }

  /** Each bad path makes its Ingress rejected with a diagnostic; nothing of it reaches Envoy. */
  @ParameterizedTest
  @ValueSource(strings = {"/a$b", "/a;b", "/a b", "/a'b", "/a\\\\b", "/a{1}", "/a%2e", "/a?b", "/a#b", "/a\\\"b",
      "/x\\n  route: {cluster: evil}"})
  void aRejectedPathLeavesNoTraceAndCannotInjectConfiguration(String yamlPath) {
    String bad = EnvoyRoutingCases.ingress("bad").rule("bad.example").path(yamlPath, "Prefix", "svc-1", 80).yaml();
    String good = EnvoyRoutingCases.ingress("good").rule("good.example").path("/", "Prefix", "svc-2", 80).yaml();
    Emitted e = Emitted.of(Manifests.join(bad, good, EnvoyRoutingCases.services(2)));
    assertThat(e.diagnostics()).contains("default/bad").contains("path");
    assertThat(e.ir().virtualHosts()).extracting(VirtualHost::host).containsExactly("good.example");
    String out = e.text("envoy.yaml");
    assertThat(out).doesNotContain("bad.example").doesNotContain("evil").doesNotContain("svc-1");
    assertThat(e.interpreter().handle(new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTP_PORT, Optional.empty(),
        "bad.example", "/a")).status()).isEqualTo(404);
  }

  /** A host that validation rejects never becomes a domain or a pattern. */
  @ParameterizedTest
  @ValueSource(strings = {"*", "a.*.example", "*a.example", "Foo.example", "foo.example:80", "10.0.0.1", "foo_bar.example",
      "(.*).example", "foo.example\\n"})
  void aRejectedHostLeavesNoTrace(String host) {
    String bad = EnvoyRoutingCases.ingress("bad").rule(host).path("/", "Prefix", "svc-1", 80).yaml();
    Emitted e = Emitted.of(Manifests.join(bad, EnvoyRoutingCases.services(1)));
    assertThat(e.diagnostics()).contains("default/bad");
    assertThat(e.ir().virtualHosts()).isEmpty();
    assertThat(e.text("envoy.yaml")).doesNotContain("svc-1").doesNotContain(":authority");
  }

  private static final List<HeaderMatcher> PLAIN_PATH_GUARDS = List.of(
      HeaderMatcher.newBuilder().setName(":path").setInvertMatch(true)
          .setStringMatch(StringMatcher.newBuilder().setContains("%")).build(),
      HeaderMatcher.newBuilder().setName(":path").setInvertMatch(true)
          .setStringMatch(StringMatcher.newBuilder().setContains("//")).build());
  private static final HeaderMatcher REFUSED = HeaderMatcher.newBuilder().setName(":path")
      .setStringMatch(StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder()
          .setRegex(RequestTargets.REFUSED_TARGET_FULL))).build();

  private static List<Route> allRoutes(Emitted e) throws Exception {
    List<RouteConfiguration> tables = new ArrayList<>();
    for (var l : e.bootstrap().getStaticResources().getListenersList()) {
      for (var c : l.getFilterChainsList()) {
        HttpConnectionManager hcm = c.getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
        if (hcm.hasRouteConfig()) {
          tables.add(hcm.getRouteConfig());
        }
      }
    }
    String routesFile = StaticBootstrap.httpsRoutesFile(EnvoyJson.Format.YAML);
    if (e.files().file(routesFile).isPresent()) {
      for (var a : StrictParse.discoveryResponse(e.text(routesFile)).getResourcesList()) {
        tables.add(a.unpack(RouteConfiguration.class));
      }
    }
    assertThat(tables).isNotEmpty();
    return tables.stream().flatMap(t -> t.getVirtualHostsList().stream()).flatMap(v -> v.getRoutesList().stream())
        .toList();
  }
}
