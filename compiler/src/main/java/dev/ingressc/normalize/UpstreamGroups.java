package dev.ingressc.normalize;

import dev.ingressc.diag.Diagnostics;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.Upstream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The input of the step {@code upstreams}, kept across passes: every resolution in the memo's
 * hosts, grouped by the upstream it names. A host's resolutions join when its routes are made and
 * leave when they are replaced, so a pass touches only the groups of the hosts it built.
 */
final class UpstreamGroups {
  private static final class Group {
    final Set<Resolution> members = Collections.newSetFromMap(new IdentityHashMap<>());
    /** How many members share each cell. */
    final Map<Resolution.Cell, Integer> cells = new IdentityHashMap<>(2);
    /** The upstream the last pass made of it. */
    Upstream last;
  }

  /** By upstream name, so that upstreams come out sorted. */
  private final TreeMap<String, Group> groups = new TreeMap<>();

  void add(HostRoutes routes) {
    for (Resolution r : routes.resolutions) {
      Group g = groups.computeIfAbsent(r.backend().upstream(), n -> new Group());
      if (g.members.add(r)) {
        g.cells.merge(r.cell(), 1, Integer::sum);
      }
    }
  }

  void remove(HostRoutes routes) {
    for (Resolution r : routes.resolutions) {
      Group g = groups.get(r.backend().upstream());
      if (g != null && g.members.remove(r)) {
        g.cells.computeIfPresent(r.cell(), (c, n) -> n == 1 ? null : n - 1);
      }
    }
  }

  /** What {@link #assemble} gives: the routing's upstreams and the endpoints table. */
  record Assembled(List<Upstream> upstreams, EndpointTable endpoints) {}

  /**
   * Every upstream named, sorted by name (an unchanged one is the same instance as last pass), and
   * the endpoints of each: an EndpointSlice change alone leaves every upstream as it was, unless
   * its Service port gained its first ready endpoint or lost its last.
   */
  Assembled assemble(Diagnostics out) {
    List<Upstream> upstreams = new ArrayList<>(groups.size());
    Map<String, List<Endpoint>> endpoints = new TreeMap<>();
    for (var it = groups.values().iterator(); it.hasNext(); ) {
      Group g = it.next();
      if (g.members.isEmpty()) {
        it.remove();
        continue;
      }
      Upstreams.Assembled a = Upstreams.assemble(g.members, g.cells.keySet(), out);
      Upstream u = a.upstream();
      endpoints.put(u.name(), a.endpoints());
      // Whoever compares IRs (the sidecar, the emitters' caches) finds it unchanged by identity.
      g.last = u.equals(g.last) ? g.last : u;
      upstreams.add(g.last);
    }
    return new Assembled(upstreams, new EndpointTable(endpoints));
  }
}
