package dev.ingressc.normalize;

import dev.ingressc.diag.Diagnostics;
import dev.ingressc.ir.ListenerSettings;
import dev.ingressc.ir.VirtualHost;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ssl-passthrough is refused behind trusted proxies (SEMANTICS.md, Client address): nginx passes
 * the TLS of every other host through its stream listener with a PROXY protocol header, after
 * which its realip module cannot read X-Forwarded-For as well, so those hosts would judge clients
 * by the proxy's address. The host keeps its plain-HTTP routes; its TLS is no longer passed
 * through (no certificate serves it, so the handshake is refused).
 */
final class PassthroughBehindProxies {
  private PassthroughBehindProxies() {}

  static List<VirtualHost> refuse(List<VirtualHost> vhosts, ListenerSettings listener, List<Taken> taken,
      Diagnostics diagnostics) {
    if (!listener.trustedProxies().any() || vhosts.stream().noneMatch(v -> v.passthrough().isPresent())) {
      return vhosts;
    }
    Map<String, Taken> byId = new HashMap<>();
    taken.forEach(t -> byId.put(t.id(), t));
    return vhosts.stream().map(v -> {
      if (v.passthrough().isEmpty()) {
        return v;
      }
      Taken t = byId.get(v.passthrough().get().annotation().ingress());
      if (t != null) {
        diagnostics.add(t.source().error(SslPassthroughAnnotation.FIELD, "refused for host " + v.host()
            + ": the class parameters trust proxies in front (use-forwarded-headers), and nginx cannot read"
            + " X-Forwarded-For on the TLS it passes through its stream listener; the host's TLS is not served"));
      }
      return new VirtualHost(v.host(), v.match(), v.routes(), v.tls(), Optional.empty(), v.appRoot(), v.wwwRedirect());
    }).toList();
  }
}
