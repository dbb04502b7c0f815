package dev.ingressc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testkit.http.EchoBackends;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The generator is deterministic, and its sets exercise every class of the policy, not just plain paths. */
class RandomTargetsTest {

  @Test
  void aSetIsTheSameForTheSameSeedAndIndex() {
    assertThat(RandomTargets.generate(7, 3, 40)).isEqualTo(RandomTargets.generate(7, 3, 40));
    assertThat(RandomTargets.generate(7, 3, 40)).isNotEqualTo(RandomTargets.generate(7, 4, 40));
    assertThat(RandomTargets.generate(7, 3, 40)).isNotEqualTo(RandomTargets.generate(8, 3, 40));
  }

  /** What the oracle makes of the default run's requests: each kind must be common enough to matter. */
  @Test
  void theDefaultSetsCoverEveryClassOfTarget() {
    Map<String, Integer> kinds = new TreeMap<>();
    try (EchoBackends backends = new EchoBackends()) {
      String services = RandomTargets.services(new CaseContext(backends));
      for (int i = 0; i < 200; i++) {
        RandomTargets.TargetSet set = RandomTargets.generate(RandomTargets.DEFAULT_SEED, i, RandomTargetsRunner.REQUESTS_PER_SET);
        Compiler.Compilation c = Compiler.compileText("random.yaml", services + set.ingresses(), CompileOptions.defaults());
        assertThat(c.ir().virtualHosts()).as("%s compiles to no virtual host:\n%s\n%s", set.reproduce(),
            set.ingresses(), c.diagnostics().list()).isNotEmpty();
        RouteOracle oracle = new RouteOracle(c.ir());
        for (Probe p : set.probes()) {
          kinds.merge(kind(p.target(), oracle.route(RouteRequest.http(p.host(), p.target()))), 1, Integer::sum);
        }
      }
    }
    System.out.println("RandomTargetsTest: " + kinds);
    assertThat(kinds.getOrDefault("200 plain", 0)).isGreaterThan(800);
    assertThat(kinds.getOrDefault("200 escaped", 0)).isGreaterThan(800);
    assertThat(kinds.getOrDefault("200 slashes merged", 0)).isGreaterThan(200);
    assertThat(kinds.getOrDefault("404", 0)).isGreaterThan(200);
    assertThat(kinds.getOrDefault("400 dot segment", 0)).isGreaterThan(100);
    assertThat(kinds.getOrDefault("400 escaped slash, backslash, control or percent", 0)).isGreaterThan(50);
    assertThat(kinds.getOrDefault("400 not origin-form", 0)).isGreaterThan(50);
    assertThat(kinds.getOrDefault("400 other", 0)).isGreaterThan(100);
  }

  private static String kind(String target, RouteAnswer a) {
    if (a.status() == 400) {
      String why = String.join(" ", a.explanation());
      return why.contains("dot segment") ? "400 dot segment"
          : why.matches(".*(escaped slash|escaped backslash|control character|percent sign).*")
              ? "400 escaped slash, backslash, control or percent"
              : why.contains("not a path") || why.contains("asterisk") ? "400 not origin-form" : "400 other";
    }
    if (a.status() != 200) {
      return String.valueOf(a.status());
    }
    String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
    return path.contains("%") ? "200 escaped" : path.contains("//") ? "200 slashes merged" : "200 plain";
  }
}
