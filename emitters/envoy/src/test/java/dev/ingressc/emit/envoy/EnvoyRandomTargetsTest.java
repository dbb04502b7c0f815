package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testkit.e2e.CaseContext;
import dev.ingressc.testkit.e2e.Probe;
import dev.ingressc.testkit.e2e.RandomTargets;
import dev.ingressc.testkit.e2e.RandomTargetsRunner;
import dev.ingressc.testkit.http.EchoBackends;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The random Ingress sets and request targets that nginx and HAProxy answer through their real
 * proxies ({@link RandomTargetsRunner}), answered here by the Envoy interpreter over the emitted,
 * strictly parsed bootstrap: every answer's status and cluster must be the route oracle's. (The
 * interpreter does not model the path Envoy forwards; see the report of issue 14.)
 */
class EnvoyRandomTargetsTest {
  private static final int HTTP_PORT = 8080;
  private static final int HTTPS_PORT = 8443;
  private static final int DESCRIBED_FAILED_SETS = 3;

  @Test
  void randomTargetsAnswerAsTheOracle() {
    List<Integer> indexes = RandomTargets.indexes(200);
    List<String> described = new ArrayList<>();
    int failedSets = 0;
    int mismatches = 0;
    try (EchoBackends backends = new EchoBackends()) {
      String services = RandomTargets.services(new CaseContext(backends));
      for (int index : indexes) {
        RandomTargets.TargetSet set = RandomTargets.generate(RandomTargets.seed(), index,
            RandomTargetsRunner.REQUESTS_PER_SET);
        List<String> problems = replay(set, services);
        if (!problems.isEmpty()) {
          failedSets++;
          mismatches += problems.size();
          if (described.size() < DESCRIBED_FAILED_SETS) {
            described.add(RandomTargetsRunner.describe(set, problems));
          }
        }
      }
    }
    String summary = indexes.size() + " sets; " + failedSets + " sets and " + mismatches
        + " requests disagree with the oracle";
    System.out.println("EnvoyRandomTargetsTest: " + summary);
    assertThat(described).as(summary).isEmpty();
  }

  private static List<String> replay(RandomTargets.TargetSet set, String services) {
    Emitted e = Emitted.of(services + set.ingresses(), CompileOptions.defaults(), HTTP_PORT, HTTPS_PORT,
        EnvoyJson.Format.YAML);
    RouteOracle oracle = new RouteOracle(e.ir());
    EnvoyInterpreter envoy = e.interpreter();
    List<String> problems = new ArrayList<>();
    for (Probe p : set.probes()) {
      RouteAnswer o = oracle.route(new RouteRequest(p.host(), p.target(), Optional.empty(), HTTPS_PORT)
          .withSource(p.clientAddress()));
      EnvoyInterpreter.Answer a;
      try {
        a = envoy.handle(new EnvoyInterpreter.Request(HTTP_PORT, false, Optional.empty(), p.host(), p.target())
            .from(p.clientAddress()));
      } catch (RuntimeException unexpected) {
        problems.add(p + ": the interpreter fails: " + unexpected + "\n      oracle: " + o.explanation());
        continue;
      }
      EnvoyVersusOracleTest.compare(e.ir(), e.endpoints(), o, a).ifPresent(m -> problems.add(p + ": " + m
          + "\n      oracle: " + o.explanation() + "\n      envoy:  " + a.trace()));
    }
    return problems;
  }
}
