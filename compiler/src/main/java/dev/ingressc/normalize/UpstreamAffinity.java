package dev.ingressc.normalize;

import dev.ingressc.diag.Diagnostics;
import dev.ingressc.ir.Affinity;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The session affinity of one upstream (SEMANTICS.md, Session affinity), part of the step
 * {@code upstreams}. As in ingress-nginx, affinity belongs to the upstream (one Service port), so
 * every route to it is sticky, whichever Ingress it comes from: the first Ingress in conflict order
 * among those naming it that asks for affinity decides the cookie; another that asks for different
 * settings is told that its own are not applied. An upstream reached by DNS (an ExternalName or a
 * Service without EndpointSlices) has one address to be sticky to, so it gets none (warned).
 */
final class UpstreamAffinity {
  private UpstreamAffinity() {}

  /** {@code u} with its affinity decided from {@code members} (the resolutions naming it); findings go to {@code out}. */
  static Upstream decide(Upstream u, Collection<Resolution> members, Diagnostics out) {
    List<Resolution> asking = new ArrayList<>();
    for (Resolution m : members) {
      if (m.from() != null && m.from().checked().affinity().isPresent()) {
        asking.add(m);
      }
    }
    if (asking.isEmpty()) {
      return u.withAffinity(Optional.empty());
    }
    asking.sort(Resolution.ORDER);
    Set<String> told = new HashSet<>();
    if (u.kind() == UpstreamKind.DNS) {
      for (Resolution m : asking) {
        if (told.add(m.from().id())) {
          out.add(m.warning("no session affinity: upstream " + u.name() + " is reached by one DNS name, so there is no"
              + " endpoint to stick to"));
        }
      }
      return u.withAffinity(Optional.empty());
    }
    Resolution winner = asking.get(0);
    Affinity chosen = winner.from().checked().affinity().get();
    for (Resolution m : asking) {
      Affinity mine = m.from().checked().affinity().get();
      if (!mine.equals(chosen) && told.add(m.from().id())) {
        out.add(m.warning("upstream " + u.name() + " is shared with Ingress " + winner.from().id() + ", whose session"
            + " affinity applies to every route to it (" + chosen.describe() + "); this Ingress's ("
            + mine.describe() + ") is not applied"));
      }
    }
    return u.withAffinity(Optional.of(chosen));
  }
}
