package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.haproxy.HaproxyView.WwwTwin;
import dev.ingressc.ir.HostIndex;
import dev.ingressc.ir.IngressIR;
import java.util.List;

/**
 * The twin names from-to-www-redirect sends to their hosts, as the IR's host index decides them
 * (a twin that is an exact rule host is not one), sorted: the frontend answers them right after
 * the virtual host is looked up, before any https redirect or route.
 */
final class WwwTwins {
  private WwwTwins() {}

  static List<WwwTwin> of(IngressIR ir, boolean tlsPort, int httpsPort) {
    return new HostIndex(ir).wwwTwins().entrySet().stream().map(e -> new WwwTwin(e.getKey(), e.getKey() + ".",
        "http://" + e.getValue().host(),
        tlsPort ? "https://" + e.getValue().host() + (httpsPort == 443 ? "" : ":" + httpsPort) : null)).toList();
  }
}
