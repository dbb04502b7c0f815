package dev.ingressc.emit.nginx;

import dev.ingressc.emit.templating.EscapingOutputFormat;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.SourceRanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The routes' source ranges (SEMANTICS.md, Source ranges) as nginx checks them: one {@code geo}
 * variable per distinct set of ranges, 1 for a client kept out, read by {@code if (...) { return
 * 403; }} in each location of a guarded route, in the rewrite phase, so the order of the
 * location's statements is the order of the answers: the https redirect and the rewrite's 400
 * first, then 403, then the 503 of an upstream without endpoints (which the Lua balancer answers
 * even later). {@code geo} takes the longest matching range, not the first: a deny range is 1, an
 * allow range 0 unless a deny range holds it (deny first), and the default is 1 when there are
 * allow ranges. Of two nested ranges the longer decides, which is deny-first exactly, since an
 * allow range inside a deny range is left out.
 */
final class NginxSourceRanges {
  private final Map<String, GeoView> byRanges = new TreeMap<>();

  NginxSourceRanges(IngressIR ir) {
    TreeMap<String, SourceRanges> distinct = new TreeMap<>();
    ir.virtualHosts().forEach(v -> v.routes().forEach(r -> r.sourceRanges().ifPresent(s -> distinct.put(s.toString(), s))));
    int n = 1;
    for (var e : distinct.entrySet()) {
      byRanges.put(e.getKey(), geo(NginxOutputFormat.INSTANCE.markup("$ingressc_denied_" + n++), e.getValue()));
    }
  }

  private static GeoView geo(EscapingOutputFormat.Markup variable, SourceRanges s) {
    List<GeoEntry> entries = new ArrayList<>();
    s.deny().forEach(d -> entries.add(new GeoEntry(d.toString(), true)));
    for (SourceRanges.Cidr a : s.allow()) {
      if (s.deny().stream().noneMatch(d -> holds(d, a))) {
        entries.add(new GeoEntry(a.toString(), false));
      }
    }
    return new GeoView(variable, !s.allow().isEmpty(), entries);
  }

  /** Whether range {@code outer} holds every address of {@code inner}. */
  private static boolean holds(SourceRanges.Cidr outer, SourceRanges.Cidr inner) {
    return outer.ipv6() == inner.ipv6() && outer.prefix() <= inner.prefix()
        && outer.contains(dev.ingressc.ir.IpLiterals.parse(inner.address()).orElseThrow());
  }

  /** The variable that is 1 for a client {@code r} keeps out; null for a route open to every client. */
  EscapingOutputFormat.Markup deniedOf(Route r) {
    return r.sourceRanges().map(s -> byRanges.get(s.toString()).variable()).orElse(null);
  }

  List<GeoView> views() {
    return List.copyOf(byRanges.values());
  }
}
