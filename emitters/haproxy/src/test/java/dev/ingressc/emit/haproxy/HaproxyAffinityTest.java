package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.Emitter;
import dev.ingressc.testkit.e2e.AffinityContract;
import dev.ingressc.testkit.proxy.RealProxy;

/** A client with the cookie stays on one endpoint, new clients are spread, through a real haproxy (cookie persistence). */
@RealProxy("haproxy")
class HaproxyAffinityTest extends AffinityContract {
  @Override
  protected Emitter emitter() {
    return new HaproxyEmitter();
  }
}
