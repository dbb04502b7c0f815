package dev.ingressc.emit.nginx;

import dev.ingressc.testkit.proxy.RealProxy;

/** The backend-protocol scenario through nginx's Lua balancer (--format lua): grpc_pass to the one balanced upstream. */
@RealProxy("nginx-lua")
class NginxLuaBackendProtocolEndToEndTest extends NginxBackendProtocolEndToEndTest {
  @Override
  NginxEmitter emitter() {
    return new NginxEmitter(NginxFormat.LUA);
  }
}
