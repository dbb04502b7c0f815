package dev.ingressc.emit.nginx;

import dev.ingressc.testkit.e2e.BackendProtocolScenario;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import org.junit.jupiter.api.Test;

/**
 * The backend-protocol annotation through a real nginx: a real gRPC client reaches a plaintext
 * and a TLS gRPC server (grpc_pass grpc:// and grpcs://), with the class's read timeout and body
 * limit; an HTTPS backend is reached over TLS (proxy_pass https://).
 */
@RealProxy("nginx")
class NginxBackendProtocolEndToEndTest {

  /** The emitter under test; the lua format's test overrides it. */
  NginxEmitter emitter() {
    return new NginxEmitter();
  }

  @Test
  void grpcGrpcsAndHttpsBackendsAreSpokenTo(ProxyLauncher nginx) {
    try (BackendProtocolScenario s = BackendProtocolScenario.start(emitter(), nginx)) {
      s.assertEveryProtocolIsSpoken(true);
    }
  }
}
