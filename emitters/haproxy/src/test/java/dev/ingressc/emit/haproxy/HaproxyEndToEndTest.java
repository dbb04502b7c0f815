package dev.ingressc.emit.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.e2e.E2eCase;
import dev.ingressc.testkit.e2e.E2eCases;
import dev.ingressc.testkit.e2e.E2eRunner;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shared case through a real HAProxy: each answer must be the route oracle's. */
@RealProxy("haproxy")
class HaproxyEndToEndTest {

  static Stream<E2eCase> cases() {
    return E2eCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void haproxyAnswersAsTheOracle(E2eCase c, ProxyLauncher haproxy) {
    E2eRunner.Outcome outcome = new E2eRunner(new HaproxyEmitter(), haproxy).run(c);
    assertThat(outcome.check().ok()).as("haproxy -c:\n%s\nhaproxy.cfg:\n%s", outcome.check().output(),
        outcome.files().file("haproxy.cfg").orElseThrow().text()).isTrue();
    assertThat(outcome.mismatches()).as("haproxy.cfg:\n%s\nmaps:\n%s\nhaproxy output:\n%s",
        outcome.files().file("haproxy.cfg").orElseThrow().text(),
        outcome.files().files().stream().filter(f -> f.path().startsWith("maps/"))
            .map(f -> "## " + f.path() + "\n" + f.text()).reduce("", String::concat),
        outcome.proxyOutput()).isEmpty();
  }
}
