package dev.ingressc.emit.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.e2e.PassthroughScenario;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import org.junit.jupiter.api.Test;

/**
 * ssl-passthrough through real HAProxy (SEMANTICS.md, "TLS passthrough"): a TCP frontend on the
 * TLS port choosing by req.ssl_sni, the HTTPS frontend behind it on a unix socket with the PROXY
 * protocol.
 */
@RealProxy("haproxy")
class HaproxyPassthroughEndToEndTest {
  @Test
  void hostsArePassedThroughBySniAndTheOthersKeepWorkingOnTheSamePort(ProxyLauncher haproxy) {
    try (PassthroughScenario s = PassthroughScenario.start(new HaproxyEmitter(), haproxy)) {
      String cfg = s.deployment().files().files().stream().filter(f -> f.path().equals("haproxy.cfg"))
          .findFirst().orElseThrow().text();
      assertThat(cfg).contains("req.ssl_sni -i pt.example.test").contains("accept-proxy");
      s.assertPassedThroughBySni(true);
    }
  }
}
