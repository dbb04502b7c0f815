package dev.ingressc.emit.nginx;

import dev.ingressc.testkit.proxy.RealProxy;

/** Every shared case through a real nginx with the Lua balancer (--format lua): each answer must be the route oracle's. */
@RealProxy("nginx-lua")
class NginxLuaEndToEndTest extends NginxEndToEndTest {
  @Override
  NginxEmitter emitter() {
    return new NginxEmitter(NginxFormat.LUA);
  }
}
