package dev.ingressc.route;

import dev.ingressc.diag.UserText;
import dev.ingressc.ir.VirtualHost;
import dev.ingressc.ir.WwwRedirect;
import java.util.List;
import java.util.Optional;

/** The oracle's answer for a request to a host's www. (or bare) twin (SEMANTICS.md, Redirects). */
final class WwwRedirectAnswer {
  private WwwRedirectAnswer() {}

  static RouteAnswer of(RouteRequest req, String host, VirtualHost v, Optional<String> certificate, List<String> why) {
    WwwRedirect w = v.wwwRedirect().orElseThrow();
    String location = WwwRedirect.location(v, req.isHttps(), req.httpsPort(), req.path());
    why.add("host " + UserText.quote(host) + " is the twin of " + v.host() + ", whose from-to-www-redirect (Ingress "
        + w.origin().ingress() + ") redirects it: " + WwwRedirect.CODE + " to " + UserText.quote(location)
        + " (scheme kept, the target as sent less one trailing \"/\" of a path without query)");
    return new RouteAnswer(WwwRedirect.CODE, Optional.empty(), Optional.empty(), Optional.of(v.host()), Optional.empty(),
        List.of(), certificate, Optional.of(location), why, Optional.empty());
  }
}
