package dev.ingressc.emit.nginx;

import dev.ingressc.testkit.proxy.RealProxy;

/** {@link NginxUnixSocketTest} in the Lua balancer format. */
@RealProxy("nginx-lua")
class NginxLuaUnixSocketTest extends NginxUnixSocketTest {
  @Override
  NginxEmitter emitter() {
    return new NginxEmitter(NginxFormat.LUA);
  }
}
