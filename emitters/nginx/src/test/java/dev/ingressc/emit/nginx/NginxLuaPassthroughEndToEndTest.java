package dev.ingressc.emit.nginx;

import dev.ingressc.testkit.proxy.RealProxy;

/** The passthrough scenario with nginx's Lua balancer (--format lua): the same stream block. */
@RealProxy("nginx-lua")
class NginxLuaPassthroughEndToEndTest extends NginxPassthroughEndToEndTest {
  @Override
  NginxEmitter emitter() {
    return new NginxEmitter(NginxFormat.LUA);
  }
}
