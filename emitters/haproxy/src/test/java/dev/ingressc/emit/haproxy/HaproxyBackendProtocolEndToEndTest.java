package dev.ingressc.emit.haproxy;

import dev.ingressc.testkit.e2e.BackendProtocolScenario;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import org.junit.jupiter.api.Test;

/**
 * The backend-protocol annotation through a real HAProxy: a real gRPC client reaches a plaintext
 * gRPC server ({@code proto h2}) and a TLS one ({@code ssl verify none alpn h2}), with the class's
 * read timeout; an HTTPS backend is reached over TLS ({@code ssl verify none}).
 */
@RealProxy("haproxy")
class HaproxyBackendProtocolEndToEndTest {

  @Test
  void grpcGrpcsAndHttpsBackendsAreSpokenTo(ProxyLauncher haproxy) {
    try (BackendProtocolScenario s = BackendProtocolScenario.start(new HaproxyEmitter(), haproxy)) {
      // gRPC requests carry no Content-Length: the body-limit filter counts their data.
      s.assertEveryProtocolIsSpoken(true);
    }
  }
}
