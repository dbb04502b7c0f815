package dev.ingressc.emit.nginx;

import dev.ingressc.testkit.proxy.RealProxy;

/** The shared hostile inputs ({@link dev.ingressc.testkit.e2e.HostileInputs}) through a real nginx, in the Lua balancer format. */
@RealProxy("nginx-lua")
class NginxLuaInjectionTest extends NginxInjectionTest {
  @Override
  NginxEmitter emitter() {
    return new NginxEmitter(NginxFormat.LUA);
  }
}
