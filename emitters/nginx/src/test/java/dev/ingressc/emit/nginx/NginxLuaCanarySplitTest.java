package dev.ingressc.emit.nginx;

import dev.ingressc.testkit.proxy.RealProxy;

/** The canary split through a real nginx with the Lua balancer (--format lua). */
@RealProxy("nginx-lua")
class NginxLuaCanarySplitTest extends NginxCanarySplitTest {
  @Override
  NginxEmitter emitter() {
    return new NginxEmitter(NginxFormat.LUA);
  }
}
