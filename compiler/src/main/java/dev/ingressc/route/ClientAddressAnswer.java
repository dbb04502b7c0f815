package dev.ingressc.route;

import dev.ingressc.ir.TrustedProxies;
import java.util.List;
import java.util.Optional;

/**
 * The client address a request is judged by (SEMANTICS.md, Client address): the connection's,
 * or, from a trusted proxy in front, the one its X-Forwarded-For names.
 */
final class ClientAddressAnswer {
  private ClientAddressAnswer() {}

  /** {@code req} with the client address the proxies use as its source; empty when it gets 403 instead. */
  static Optional<RouteRequest> resolve(TrustedProxies trusted, RouteRequest req, List<String> why) {
    if (!trusted.any()) {
      return Optional.of(req);
    }
    Optional<String> xff = Optional.ofNullable(req.headers().get("x-forwarded-for"));
    if (req.source().isEmpty()) {
      why.add("client address: the connection's, or, from a trusted proxy (" + ranges(trusted) + "), the one its"
          + " X-Forwarded-For names (give the connection's with --source-ip)");
      return Optional.of(req);
    }
    String peer = req.source().get().getHostAddress();
    TrustedProxies.Client c = trusted.clientOf(req.source().get(), xff);
    if (c.refused()) {
      why.add("403: the trusted proxy " + peer + " sent an X-Forwarded-For of more than " + TrustedProxies.MAX_ENTRIES
          + " entries, more than every target reads");
      return Optional.empty();
    }
    if (c.forwarded()) {
      why.add("client address " + c.client().getHostAddress() + ": from X-Forwarded-For, sent by the trusted proxy "
          + peer + " (read from the right, past trusted addresses)");
      return Optional.of(req.withSourceAddress(c.client()));
    }
    why.add("client address " + peer + ": the connection's" + (trusted.trusts(req.source().get())
        ? " (a trusted proxy that sent no address in X-Forwarded-For)" : " (not a trusted proxy)"));
    return Optional.of(req);
  }

  private static String ranges(TrustedProxies trusted) {
    return String.join(", ", trusted.ranges().stream().map(Object::toString).toList());
  }
}
