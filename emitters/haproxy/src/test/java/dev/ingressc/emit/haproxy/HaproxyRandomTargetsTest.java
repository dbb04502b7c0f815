package dev.ingressc.emit.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.e2e.RandomTargets;
import dev.ingressc.testkit.e2e.RandomTargetsRunner;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random Ingress sets and random request targets through a real HAProxy: every answer (status,
 * backend, and the target the backend received) must be the route oracle's. More sets:
 * {@code -Dingressc.random.sets=N}; another seed: {@code -Dingressc.random.seed=S}.
 */
@RealProxy("haproxy")
class HaproxyRandomTargetsTest {

  @Test
  void randomTargetsAnswerAsTheOracle(ProxyLauncher haproxy) {
    List<Integer> indexes = RandomTargets.indexes(200);
    RandomTargetsRunner.Report report = new RandomTargetsRunner(new HaproxyEmitter(), haproxy)
        .run(RandomTargets.seed(), indexes);
    System.out.println("HaproxyRandomTargetsTest: " + report.summary());
    assertThat(report.failures()).as(report.summary()).isEmpty();
    assertThat(report.failedSets()).as(report.summary()).isZero();
    assertThat(report.sets()).isEqualTo(indexes.size());
  }
}
