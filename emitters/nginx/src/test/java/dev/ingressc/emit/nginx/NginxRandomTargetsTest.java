package dev.ingressc.emit.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.e2e.RandomTargets;
import dev.ingressc.testkit.e2e.RandomTargetsRunner;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random Ingress sets and random request targets through a real nginx: every answer (status,
 * backend, and the target the backend received) must be the route oracle's. More sets:
 * {@code -Dingressc.random.sets=N}; another seed: {@code -Dingressc.random.seed=S}.
 */
@RealProxy("nginx")
class NginxRandomTargetsTest {

  /** The emitter under test; the lua format's test overrides it. */
  NginxEmitter emitter() {
    return new NginxEmitter();
  }

  /** Sets in the default run (about 2 minutes on a 2-core machine is the budget). */
  int defaultSets() {
    return 200;
  }

  @Test
  void randomTargetsAnswerAsTheOracle(ProxyLauncher nginx) {
    List<Integer> indexes = RandomTargets.indexes(defaultSets());
    RandomTargetsRunner.Report report = new RandomTargetsRunner(emitter(), nginx).run(RandomTargets.seed(), indexes);
    System.out.println(getClass().getSimpleName() + ": " + report.summary());
    assertThat(report.failures()).as(report.summary()).isEmpty();
    assertThat(report.failedSets()).as(report.summary()).isZero();
    assertThat(report.sets()).isEqualTo(indexes.size());
  }
}
