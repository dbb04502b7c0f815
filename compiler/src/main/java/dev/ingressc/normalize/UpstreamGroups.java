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
    /** Whether members joined or left since it was last assembled. */
    boolean membersChanged = true;
    /** What it was last assembled from (its cells' proposals) and what that gave: reused while both hold. */
    List<BackendResolver.Proposal> lastProposals = List.of();
    List<Endpoint> lastEndpoints;
    Diagnostics lastFindings;

    /** Its cells' proposals still the instances it was last assembled from. */
    boolean sameProposals() {
      if (lastProposals.size() != cells.size()) {
        return false;
      }
      int i = 0;
      for (Resolution.Cell c : cells.keySet()) {
        if (c.proposal != lastProposals.get(i++)) {
          return false;
        }
      }
      return true;
    }
  }

  /** By upstream name, so that upstreams come out sorted. */
  private final TreeMap<String, Group> groups = new TreeMap<>();

  void add(HostRoutes routes) {
    for (Resolution r : routes.resolutions) {
      Group g = groups.computeIfAbsent(r.backend().upstream(), n -> new Group());
      if (g.members.add(r)) {
        g.cells.merge(r.cell(), 1, Integer::sum);
        g.membersChanged = true;
      }
    }
  }

  void remove(HostRoutes routes) {
    for (Resolution r : routes.resolutions) {
      Group g = groups.get(r.backend().upstream());
      if (g != null && g.members.remove(r)) {
        g.cells.computeIfPresent(r.cell(), (c, n) -> n == 1 ? null : n - 1);
        g.membersChanged = true;
      }
    }
  }

  /** What {@link #assemble} gives: the routing's upstreams and the endpoints table. */
  record Assembled(List<Upstream> upstreams, EndpointTable endpoints) {}

  /**
   * Every upstream named, sorted by name (an unchanged one is the same instance as last pass), and
   * the endpoints of each: an EndpointSlice change alone leaves every upstream as it was, unless
   * its Service port gained its first ready endpoint or lost its last. A group whose members and
   * cells' proposals are the instances of its last assembly gives that again, findings included,
   * so a pass that touched a few hosts assembles only their upstreams.
   */
  Assembled assemble(Diagnostics out) {
    List<Upstream> upstreams = new ArrayList<>(groups.size());
    TreeMap<String, List<Endpoint>> endpoints = new TreeMap<>();
    for (var it = groups.values().iterator(); it.hasNext(); ) {
      Group g = it.next();
      if (g.members.isEmpty()) {
        it.remove();
        continue;
      }
      if (g.membersChanged || !g.sameProposals()) {
        Diagnostics findings = new Diagnostics();
        Upstreams.Assembled a = Upstreams.assemble(g.members, g.cells.keySet(), findings);
        Upstream u = a.upstream();
        // Whoever compares IRs (the sidecar, the emitters' caches) finds it unchanged by identity.
        g.last = u.equals(g.last) ? g.last : u;
        g.lastEndpoints = a.endpoints();
        g.lastFindings = findings;
        g.lastProposals = g.cells.keySet().stream().map(c -> c.proposal).toList();
        g.membersChanged = false;
      }
      out.addAll(g.lastFindings);
      upstreams.add(g.last);
      endpoints.put(g.last.name(), g.lastEndpoints);
    }
    return new Assembled(upstreams, new EndpointTable(endpoints));
  }
}
