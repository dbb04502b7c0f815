package dev.ingressc.emit.nginx;

import dev.ingressc.emit.Emitter;
import dev.ingressc.testkit.e2e.AffinityContract;
import dev.ingressc.testkit.proxy.RealProxy;

/** A client with the cookie stays on one endpoint, new clients are spread, through a real nginx with the Lua balancer. */
@RealProxy("nginx-lua")
class NginxLuaAffinityTest extends AffinityContract {
  @Override
  protected Emitter emitter() {
    return new NginxEmitter(NginxFormat.LUA);
  }
}
