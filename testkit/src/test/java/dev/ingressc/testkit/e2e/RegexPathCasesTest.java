package dev.ingressc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.diag.Severity;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testkit.http.EchoBackends;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The regex case is worth replaying: its Ingresses compile as regex routes and its probes reach
 * every backend, the fallback and a 404, so a target that ignored the regexes would disagree.
 */
class RegexPathCasesTest {
  @Test
  void theCaseCompilesToRegexRoutesAndItsProbesReachEveryAnswer() {
    E2eCase c = RegexPathCases.regexPaths();
    try (EchoBackends backends = new EchoBackends()) {
      String yaml = c.manifests().apply(new CaseContext(backends));
      Compiler.Compilation compiled = Compiler.compileText("regex.yaml", yaml, CompileOptions.defaults());
      assertThat(compiled.diagnostics().list()).noneMatch(d -> d.severity() == Severity.ERROR);
      RouteOracle oracle = new RouteOracle(compiled.ir());
      Map<String, Integer> answers = new TreeMap<>();
      for (Probe p : c.probes()) {
        RouteAnswer a = oracle.route(RouteRequest.http(p.host(), p.target()));
        answers.merge(a.backend().map(b -> b.ref().display()).orElse(Integer.toString(a.status())), 1, Integer::sum);
      }
      assertThat(answers).containsOnlyKeys("default/a:80", "default/b:80", "default/c:80", "default/d:80",
          "default/fallback:80");
      // ingress-nginx's surprises, as the oracle answers them: another Ingress's Prefix "/v1.0" is a
      // regex, case-insensitive and unanchored at its end; a class never matches a kept escape.
      Map<String, String> expected = Map.of("/v1x0", "default/b:80", "/PLAIN/y", "default/c:80",
          "/plainly", "default/c:80", "/files/ab", "default/a:80", "/files/a%20b", "default/fallback:80",
          "/items/%34%32", "default/d:80", "/api", "default/b:80", "/apix", "default/fallback:80");
      expected.forEach((target, backend) -> assertThat(oracle.route(RouteRequest.http("r.example.com", target))
          .backend().map(b -> b.ref().display())).as(target).hasValue(backend));
    }
  }
}
