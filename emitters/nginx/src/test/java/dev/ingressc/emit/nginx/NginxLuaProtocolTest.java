package dev.ingressc.emit.nginx;

import dev.ingressc.emit.Emitter;
import dev.ingressc.testkit.e2e.ProtocolContract;
import dev.ingressc.testkit.proxy.RealProxy;

/** HTTP/2 over TLS, HTTP/1.1 on plain HTTP, through a real nginx with the Lua balancer (--format lua). */
@RealProxy("nginx-lua")
class NginxLuaProtocolTest extends ProtocolContract {
  @Override
  protected Emitter emitter() {
    return new NginxEmitter(NginxFormat.LUA);
  }
}
