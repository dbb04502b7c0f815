package dev.ingressc.normalize;

import dev.ingressc.diag.Diagnostics;
import dev.ingressc.ir.HostMatch;
import dev.ingressc.ir.Origin;
import dev.ingressc.ir.VirtualHost;
import dev.ingressc.ir.WwwRedirect;
import dev.ingressc.validate.Names;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ingress-nginx's {@code from-to-www-redirect} per host (the step {@code merge};
 * {@link WwwRedirectAnnotation} reads it in {@code check}). As in ingress-nginx: a host is
 * redirected to from its twin when any Ingress with rules for it asks; a wildcard or host-less
 * rule has no twin (warned); a twin that is itself an exact rule host is served as that host
 * (warned once the hosts are known, {@link #warnShadowed}).
 */
final class WwwRedirects {
  private WwwRedirects() {}

  static void decide(String host, List<Taken> contenders, HostRoutes out) {
    Taken asking = contenders.stream().filter(t -> t.checked().fromToWww() && t.checked().canary() == null)
        .findFirst().orElse(null);
    if (asking == null) {
      return;
    }
    if (host.isEmpty() || host.startsWith("*.")) {
      out.diagnostics.add(asking.source().warning(WwwRedirectAnnotation.FIELD, "host " + Names.quote(host.isEmpty()
          ? "*" : host) + " has no www twin: only an exact host name is redirected to from its twin"));
      return;
    }
    out.wwwRedirect = new WwwRedirect(WwwRedirect.twinOf(host), new Origin(asking.source().key().namespace(),
        asking.source().key().name(), WwwRedirectAnnotation.FIELD));
  }

  /** Warns each Ingress whose twin is itself an exact rule host, which serves it instead (as in ingress-nginx). */
  static void warnShadowed(List<VirtualHost> vhosts, List<Taken> taken, Diagnostics diagnostics) {
    Set<String> exact = vhosts.stream().filter(v -> v.match() == HostMatch.EXACT).map(VirtualHost::host)
        .collect(Collectors.toSet());
    Map<String, Taken> byId = null;
    for (VirtualHost v : vhosts) {
      if (v.wwwRedirect().isEmpty() || !exact.contains(v.wwwRedirect().get().from())) {
        continue;
      }
      if (byId == null) {
        byId = new HashMap<>();
        for (Taken t : taken) {
          byId.put(t.id(), t);
        }
      }
      WwwRedirect w = v.wwwRedirect().get();
      Taken t = byId.get(w.origin().ingress());
      if (t != null) {
        diagnostics.add(t.source().warning(WwwRedirectAnnotation.FIELD, "no redirect from " + Names.quote(w.from())
            + " to " + Names.quote(v.host()) + ": an Ingress has rules for " + Names.quote(w.from())
            + ", which serve it (as ingress-nginx skips the redirect)"));
      }
    }
  }
}
