package dev.ingressc.route;

import dev.ingressc.ir.Route;
import dev.ingressc.ir.RouteSettings;
import java.time.Duration;
import java.util.Optional;

/** The oracle's line on a route's proxy settings (SEMANTICS.md, "Proxy settings per Ingress"). */
final class RouteSettingsAnswer {
  private RouteSettingsAnswer() {}

  /** Why the route's backend is spoken to with these limits; empty when they are the defaults. */
  static Optional<String> explain(Route r) {
    RouteSettings s = r.settings();
    if (s.equals(RouteSettings.DEFAULTS)) {
      return Optional.empty();
    }
    return Optional.of("proxy settings (Ingress " + r.origin().ingress() + "'s proxy-* annotations, over its class's"
        + " parameters): connect timeout " + text(s.connectTimeout()) + ", the backend may stay silent "
        + text(s.readTimeout()) + " either way, " + (s.maxBodyBytes() == 0 ? "no body limit"
            : "a body over " + s.maxBodyBytes() + " bytes gets 413"));
  }

  /** A duration as the class parameters write it: whole seconds as {@code 5s}, else milliseconds. */
  private static String text(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
