package dev.ingressc.sidecar.apply;

import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Whether two IRs differ only in the endpoints of static upstreams (a Service scaled, a pod
 * replaced), which a runtime API can apply without a reload. Anything else (a route, a
 * certificate, an upstream appearing or turning unavailable) needs a full reload.
 */
public final class EndpointDelta {
  private EndpointDelta() {}

  /** The new endpoints of every upstream that changed, when nothing else did; else empty. */
  public static Optional<Map<String, List<Endpoint>>> between(IngressIR served, IngressIR next) {
    if (served == null || !withoutStaticEndpoints(served).equals(withoutStaticEndpoints(next))) {
      return Optional.empty();
    }
    Map<String, List<Endpoint>> changed = new TreeMap<>();
    for (int i = 0; i < next.upstreams().size(); i++) {
      Upstream before = served.upstreams().get(i);
      Upstream after = next.upstreams().get(i);
      if (!before.endpoints().equals(after.endpoints())) {
        changed.put(after.name(), after.endpoints());
      }
    }
    return Optional.of(changed);
  }

  private static IngressIR withoutStaticEndpoints(IngressIR ir) {
    List<Upstream> upstreams = ir.upstreams().stream()
        .map(u -> u.kind() == UpstreamKind.STATIC
            ? new Upstream(u.name(), u.kind(), List.of(), u.loadBalancing(), u.reason()) : u)
        .toList();
    return new IngressIR(ir.virtualHosts(), ir.defaultBackend(), upstreams, ir.certificates(), ir.defaultCertificate());
  }
}
