package dev.ingressc.emit.live;

import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import java.util.List;
import java.util.Map;

/**
 * A proxy the sidecar pushes configuration to (Envoy over xDS): nothing is written to disk and no
 * process is supervised. A push checks every resource first; a refused set leaves the last one served.
 */
public interface PushTarget extends LiveTarget {
  /** Apply routing: checks and applies routing and endpoints together (Envoy: every xDS type). */
  Pushed push(IngressIR routing, EndpointTable endpoints);

  /**
   * Apply endpoints: the routing is the one last pushed, only {@code endpoints} differ (Envoy: EDS
   * alone). Refused when nothing was pushed yet.
   */
  Pushed pushEndpoints(EndpointTable endpoints);

  /** Whether some proxy serves what was last pushed (false while none is connected). */
  boolean confirmed();

  /** The port the proxy connects to. */
  int port();

  /**
   * @param ok whether it was applied
   * @param problem why not, naming the resource (never its content)
   * @param versions the version per resource type now served (the old ones when not ok)
   * @param changed the types whose version changed
   */
  record Pushed(boolean ok, String problem, Map<String, String> versions, List<String> changed) {}
}
