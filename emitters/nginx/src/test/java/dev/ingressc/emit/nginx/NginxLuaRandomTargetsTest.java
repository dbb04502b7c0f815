package dev.ingressc.emit.nginx;

import dev.ingressc.testkit.proxy.RealProxy;

/** {@link NginxRandomTargetsTest} with the Lua balancer (--format lua): routing is the same nginx, so fewer sets. */
@RealProxy("nginx-lua")
class NginxLuaRandomTargetsTest extends NginxRandomTargetsTest {
  @Override
  NginxEmitter emitter() {
    return new NginxEmitter(NginxFormat.LUA);
  }

  @Override
  int defaultSets() {
    return 60;
  }
}
