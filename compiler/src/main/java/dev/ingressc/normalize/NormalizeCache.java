package dev.ingressc.normalize;

import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.VirtualHost;
import dev.ingressc.load.IdentityMemo;
import dev.ingressc.load.Located;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.HashMap;
import java.util.Map;

/**
 * What the Normalizer keeps between passes of a caller that compiles again and again (the
 * sidecar). Per Ingress instance: its {@link CheckedIngress}, which depends on the Ingress alone. And the virtual hosts of the last IR, so that a host that comes out equal
 * is that same instance again: whoever compares or translates IRs (the sidecar, the Envoy
 * translator's cache) then finds unchanged hosts by identity. Results equal those of a pass
 * without the cache. Not thread-safe: one pass at a time.
 */
public final class NormalizeCache {
  final IdentityMemo<Located<Ingress>, CheckedIngress> checked = new IdentityMemo<>();
  private Map<String, VirtualHost> lastHosts = Map.of();

  /** {@code v}, or the equal host of the last IR. */
  VirtualHost sameAsLast(VirtualHost v) {
    VirtualHost last = lastHosts.get(v.host());
    return v.equals(last) ? last : v;
  }

  void endPass(IngressIR ir) {
    checked.endPass();
    Map<String, VirtualHost> hosts = new HashMap<>(ir.virtualHosts().size() * 2);
    ir.virtualHosts().forEach(v -> hosts.put(v.host(), v));
    lastHosts = hosts;
  }

  /** How many Ingresses were validated (not taken from the cache) so far; for tests. */
  public long validated() {
    return checked.computed();
  }
}
