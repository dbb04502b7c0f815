package dev.ingressc.emit.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.e2e.E2eCase;
import dev.ingressc.testkit.e2e.E2eCases;
import dev.ingressc.testkit.e2e.E2eRunner;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shared case through a real nginx: each answer must be the route oracle's. */
@RealProxy("nginx")
class NginxEndToEndTest {

  /** The emitter under test; the lua format's test overrides it. */
  NginxEmitter emitter() {
    return new NginxEmitter();
  }

  static Stream<E2eCase> cases() {
    return E2eCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void nginxAnswersAsTheOracle(E2eCase c, ProxyLauncher nginx) {
    E2eRunner.Outcome outcome = new E2eRunner(emitter(), nginx).run(c);
    assertThat(outcome.check().ok()).as("nginx -t:\n%s", outcome.check().output()).isTrue();
    assertThat(outcome.mismatches()).as("nginx.conf:\n%s\nnginx output:\n%s",
        outcome.files().file("nginx.conf").orElseThrow().text(), outcome.proxyOutput()).isEmpty();
  }
}
