package dev.ingressc.route;

import dev.ingressc.diag.UserText;
import dev.ingressc.ir.HostIndex;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Passthrough;
import dev.ingressc.ir.Upstream;
import java.util.List;
import java.util.Optional;

/**
 * The oracle's answer for a TLS connection whose SNI names a passed-through host
 * (SEMANTICS.md, "TLS passthrough"): the stream goes to the upstream untouched, before any
 * certificate, request-target check or HTTP routing.
 */
final class PassthroughAnswer {
  private PassthroughAnswer() {}

  /** The answer when {@code sni} is passed through; empty otherwise. */
  static Optional<RouteAnswer> of(IngressIR ir, HostIndex hosts, String sni, List<String> why) {
    Optional<Passthrough> p = hosts.passthroughFor(sni);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    Passthrough pt = p.get();
    Upstream u = ir.upstream(pt.backend().upstream()).orElseThrow();
    why.add("TLS: SNI " + UserText.quote(sni) + " is passed through (ssl-passthrough, Ingress "
        + pt.annotation().ingress() + ") to " + pt.backend().ref().display() + ", the backend of path \"/\": it"
        + " terminates TLS itself; no certificate is served and no HTTP routing applies");
    if (u.unavailable()) {
      why.add("the connection is closed: " + u.reason());
    }
    String host = sni.toLowerCase(java.util.Locale.ROOT);
    return Optional.of(new RouteAnswer(RouteAnswer.PASSED_THROUGH, Optional.of(pt.backend()), Optional.of(u),
        Optional.of(host), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), why, Optional.empty()));
  }
}
