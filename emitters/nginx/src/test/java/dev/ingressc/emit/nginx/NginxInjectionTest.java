package dev.ingressc.emit.nginx;

import dev.ingressc.testkit.e2e.HostileInputs;
import dev.ingressc.testkit.e2e.OddValueInputs;
import dev.ingressc.testkit.e2e.ProxyLimitInputs;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared hostile inputs ({@link HostileInputs}) through a real nginx. */
@RealProxy("nginx")
class NginxInjectionTest {

  /** The emitter under test; the lua format's test overrides it. */
  NginxEmitter emitter() {
    return new NginxEmitter();
  }

  static Stream<Arguments> fields() {
    return HostileInputs.fields();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fields")
  void hostileValuesAreRejectedOrInert(String field, BiFunction<Integer, String, String> hostile, ProxyLauncher nginx) {
    HostileInputs.assertRejectedOrInert(field, hostile, emitter(), nginx);
  }

  /** Odd and careless values (issue 15): each reported against its object; the rest still served. */
  @org.junit.jupiter.api.Test
  void oddValuesAreReportedAndTheRestIsServed(ProxyLauncher nginx) {
    OddValueInputs.assertOddValuesReported(emitter(), nginx);
  }

  static Stream<Arguments> limits() {
    return ProxyLimitInputs.limits();
  }

  /** Values within Kubernetes' rules but beyond a proxy's load-time limits: rejected, or loaded. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("limits")
  void valuesBeyondProxyLimitsNeverBreakTheConfig(String name,
      java.util.function.Function<dev.ingressc.testkit.e2e.CaseContext, String> manifests,
      java.util.List<dev.ingressc.testkit.e2e.Probe> probes, ProxyLauncher nginx) {
    ProxyLimitInputs.assertLoads(name, manifests, probes, emitter(), nginx);
  }
}
