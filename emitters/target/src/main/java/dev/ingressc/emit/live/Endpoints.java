package dev.ingressc.emit.live;

import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Upstream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The endpoints table: upstream name to its endpoints, the argument of "apply endpoints". For now
 * it is read off the IR ({@link #of}); once compilation yields it apart from routing it arrives
 * on its own.
 */
public record Endpoints(Map<String, List<Endpoint>> byUpstream) {
  public Endpoints {
    byUpstream = Map.copyOf(byUpstream);
  }

  public static Endpoints of(IngressIR ir) {
    Map<String, List<Endpoint>> out = new TreeMap<>();
    for (Upstream u : ir.upstreams()) {
      out.put(u.name(), u.endpoints());
    }
    return new Endpoints(out);
  }
}
