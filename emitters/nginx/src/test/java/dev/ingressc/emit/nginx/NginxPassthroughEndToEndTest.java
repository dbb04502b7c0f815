package dev.ingressc.emit.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.e2e.PassthroughScenario;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import org.junit.jupiter.api.Test;

/**
 * ssl-passthrough through real nginx (SEMANTICS.md, "TLS passthrough"): the stream module's
 * ssl_preread on the TLS port, the other hosts' TLS servers behind it on a unix socket with the
 * PROXY protocol.
 */
@RealProxy("nginx")
class NginxPassthroughEndToEndTest {
  NginxEmitter emitter() {
    return new NginxEmitter();
  }

  @Test
  void hostsArePassedThroughBySniAndTheOthersKeepWorkingOnTheSamePort(ProxyLauncher nginx) {
    try (PassthroughScenario s = PassthroughScenario.start(emitter(), nginx)) {
      String conf = s.deployment().files().files().stream().filter(f -> f.path().equals(NginxEmitter.CONFIG_FILE))
          .findFirst().orElseThrow().text();
      assertThat(conf).contains("load_module \"" + PassthroughPlanner.STREAM_MODULE + "\";").contains("ssl_preread on;");
      s.assertPassedThroughBySni(true);
    }
  }
}
