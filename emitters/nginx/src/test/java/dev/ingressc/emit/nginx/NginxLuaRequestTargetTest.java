package dev.ingressc.emit.nginx;

import dev.ingressc.testkit.proxy.RealProxy;

/** The request-target policy through a real nginx with the Lua balancer (--format lua). */
@RealProxy("nginx-lua")
class NginxLuaRequestTargetTest extends NginxRequestTargetTest {
  @Override
  NginxFormat format() {
    return NginxFormat.LUA;
  }
}
