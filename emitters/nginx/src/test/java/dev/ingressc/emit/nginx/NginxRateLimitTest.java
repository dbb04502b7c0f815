package dev.ingressc.emit.nginx;

import dev.ingressc.emit.Emitter;
import dev.ingressc.testkit.e2e.RateLimitContract;
import dev.ingressc.testkit.proxy.RealProxy;

/** A burst from one client cut after the limit with 503, through a real nginx. */
@RealProxy("nginx")
class NginxRateLimitTest extends RateLimitContract {
  @Override
  protected Emitter emitter() {
    return new NginxEmitter();
  }
}
