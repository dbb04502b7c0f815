package dev.ingressc.emit.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.e2e.CanaryCases;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SEMANTICS.md, Canaries: over 4,000 requests through a real HAProxy the canary's share is its weight, within 3%. */
@RealProxy("haproxy")
class HaproxyCanarySplitTest {
  /**
   * A correct split of weight 30 misses a 3% band over 2,000 requests about once in 300 runs (the
   * band is 2.9 standard deviations); over 4,000 it is 4.1, about once in 25,000.
   */
  static final int REQUESTS = 4000;


  /** A total under 100 is ignored, as ingress-nginx does: 1 of 4 is 1 of 100. */
  @ParameterizedTest(name = "weight {0} of {1}")
  @CsvSource({"30, 100, 0.30", "250, 1000, 0.25", "1, 4, 0.01", "0, 100, 0", "100, 100, 1"})
  void theSplitFollowsTheWeight(int weight, int total, double share, ProxyLauncher haproxy) {
    CanaryCases.Split s = CanaryCases.measure(new HaproxyEmitter(), haproxy, weight, total, REQUESTS);
    assertThat(s.other()).as(s.proxyOutput()).isZero();
    assertThat(s.share()).as("%s", s).isBetween(share - 0.03, share + 0.03);
  }
}
