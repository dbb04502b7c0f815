package dev.ingressc.emit.nginx;

import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the {@link NginxFormat#LUA} balancer knows of each upstream it serves: the balancing
 * method, then the endpoints. The same text is printed into {@code endpoints.conf} and posted by
 * the sidecar to the control socket, so the two can never disagree on its shape.
 */
public final class LuaEndpoints {
  /** The file with the map, beside nginx.conf. */
  public static final String FILE = "endpoints.conf";
  /** The unix socket, under the runtime directory, where {@code POST /endpoints} changes them. */
  public static final String CONTROL_SOCKET = "nginx-control.sock";

  private LuaEndpoints() {}

  /**
   * Whether the Lua balancer serves this upstream: round-robin and random ones, and every one with
   * session affinity ({@link NginxAffinity}; a new client is then balanced round-robin), with
   * endpoints or with none. Least-connections and client-IP hashing keep nginx's own upstream
   * blocks, whose per-worker state the Lua balancer would have to redo; DNS names keep their
   * per-request resolution.
   */
  public static boolean balanced(Upstream u) {
    boolean method = u.loadBalancing() == LoadBalancing.ROUND_ROBIN || u.loadBalancing() == LoadBalancing.RANDOM
        || u.affinity().isPresent();
    return method && (u.kind() == UpstreamKind.STATIC || u.kind() == UpstreamKind.UNAVAILABLE);
  }

  /** Every balanced upstream's id and peers text (its endpoints from the table), in the IR's (sorted) order. */
  public static Map<String, String> table(IngressIR ir, EndpointTable endpoints) {
    return table(ir, endpoints, new UpstreamIds(ir.upstreams()));
  }

  static Map<String, String> table(IngressIR ir, EndpointTable endpoints, UpstreamIds ids) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Upstream u : ir.upstreams()) {
      if (balanced(u)) {
        out.put(ids.id(u.name()), peers(u, endpoints.of(u.name())));
      }
    }
    return out;
  }

  static String peers(Upstream u, java.util.List<Endpoint> endpoints) {
    String method = u.loadBalancing() == LoadBalancing.RANDOM ? "random" : "rr";
    if (endpoints.isEmpty()) {
      return method;
    }
    return method + " " + endpoints.stream().map(Endpoint::hostPort).collect(Collectors.joining(" "));
  }
}
