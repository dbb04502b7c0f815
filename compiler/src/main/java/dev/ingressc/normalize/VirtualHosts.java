package dev.ingressc.normalize;

import dev.ingressc.ir.HostMatch;
import dev.ingressc.ir.HostTls;
import dev.ingressc.ir.VirtualHost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The IR's virtual hosts from the memo's hosts and the TLS choices. A host whose routes and TLS
 * are what they were keeps its {@link VirtualHost} instance, so that whoever compares IRs finds it
 * unchanged by identity; the list is patched where only a few hosts changed.
 */
final class VirtualHosts {
  private static final Comparator<VirtualHost> HOST_ORDER =
      Comparator.comparing(VirtualHost::match).thenComparing(VirtualHost::host);

  private VirtualHosts() {}

  /**
   * The virtual hosts in host order. When TLS chose as last time, only the stale hosts can differ
   * from the last IR's list, which is patched; otherwise every served host is made again (kept
   * as the same instance when equal).
   */
  static List<VirtualHost> of(NormalizeCache.Memo m, boolean fresh, Set<String> stale, Map<String, HostRoutes> replaced,
      boolean sameTls, Map<String, TlsChoices.Choice> tlsByHost) {
    List<VirtualHost> vhosts = new ArrayList<>(m.hosts.size() + 16);
    if (fresh) {
      m.hosts.forEach((h, r) -> {
        if (r.served()) {
          vhosts.add(virtualHost(m, h, r, true, tlsByHost));
        }
      });
      vhosts.sort(HOST_ORDER);
      return vhosts;
    }
    if (!sameTls) {
      // The last order, less the hosts no longer served, plus the new ones: nearly sorted already.
      for (VirtualHost v : m.virtualHosts) {
        HostRoutes r = m.hosts.get(v.host());
        if (r != null && r.served()) {
          vhosts.add(virtualHost(m, v.host(), r, stale.contains(v.host()), tlsByHost));
        }
      }
      for (String h : stale) {
        HostRoutes old = replaced.get(h);
        HostRoutes r = m.hosts.get(h);
        if (r != null && r.served() && (old == null || !old.served())) {
          VirtualHost v = virtualHost(m, h, r, true, tlsByHost);
          vhosts.add(-java.util.Collections.binarySearch(vhosts, v, HOST_ORDER) - 1, v);
        }
      }
      return vhosts;
    }
    vhosts.addAll(m.virtualHosts);
    for (String h : stale) {
      HostRoutes old = replaced.get(h);
      HostRoutes r = m.hosts.get(h);
      boolean served = r != null && r.served();
      if (old != null && old.served()) {
        // HOST_ORDER compares match and host only: a probe finds the host's place.
        int at = java.util.Collections.binarySearch(vhosts, new VirtualHost(h, match(h), List.of(), Optional.empty()),
            HOST_ORDER);
        if (served) {
          vhosts.set(at, virtualHost(m, h, r, true, tlsByHost));
        } else {
          vhosts.remove(at);
        }
      } else if (served) {
        VirtualHost v = virtualHost(m, h, r, true, tlsByHost);
        vhosts.add(-java.util.Collections.binarySearch(vhosts, v, HOST_ORDER) - 1, v);
      }
    }
    return vhosts;
  }

  private static HostMatch match(String host) {
    return host.isEmpty() ? HostMatch.ANY : host.startsWith("*.") ? HostMatch.WILDCARD : HostMatch.EXACT;
  }

  /** The host's virtual host: kept when its routes and TLS are what they were, and the same instance when equal. */
  private static VirtualHost virtualHost(NormalizeCache.Memo m, String host, HostRoutes r, boolean built,
      Map<String, TlsChoices.Choice> tlsByHost) {
    TlsChoices.Choice choice = tlsByHost.get(host);
    Optional<HostTls> hostTls = choice == null ? Optional.empty() : Optional.of(choice.hostTls());
    VirtualHost last = m.served.get(host);
    if (!built && last != null && last.tls().equals(hostTls)) {
      return last;
    }
    VirtualHost v = new VirtualHost(host, match(host), r.routes, hostTls, Optional.ofNullable(r.passthrough),
        Optional.ofNullable(r.appRoot), Optional.ofNullable(r.wwwRedirect));
    if (v.equals(last)) {
      v = last;
    }
    m.served.put(host, v);
    return v;
  }
}
