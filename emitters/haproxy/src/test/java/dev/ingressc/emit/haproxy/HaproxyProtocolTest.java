package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.Emitter;
import dev.ingressc.testkit.e2e.ProtocolContract;
import dev.ingressc.testkit.proxy.RealProxy;

/** HTTP/2 over TLS, HTTP/1.1 on plain HTTP, through a real HAProxy. */
@RealProxy("haproxy")
class HaproxyProtocolTest extends ProtocolContract {
  @Override
  protected Emitter emitter() {
    return new HaproxyEmitter();
  }
}
