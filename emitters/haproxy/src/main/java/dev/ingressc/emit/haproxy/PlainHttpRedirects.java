package dev.ingressc.emit.haproxy;

import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.VirtualHost;
import java.util.Optional;

/**
 * The https redirect of plain HTTP in the maps. A host whose routes agree on it keeps
 * {@code redirects.map}'s {@code 1} (every request, before routing). A host whose routes differ
 * (ssl-redirect, force-ssl-redirect) marks each redirecting route's map value with {@code ~}, and
 * gets {@code fallback} in {@code redirects.map} when a path no route takes is redirected.
 */
final class PlainHttpRedirects {
  static final String MARK = "~";

  private PlainHttpRedirects() {}

  static boolean perRoute(IngressIR ir) {
    return ir.virtualHosts().stream().anyMatch(v -> !v.uniformHttpsRedirect());
  }

  static Optional<String> hostEntry(VirtualHost v) {
    if (!v.fallbackRedirectsToHttps()) {
      return Optional.empty();
    }
    return Optional.of(v.uniformHttpsRedirect() ? "1" : "fallback");
  }

  static String marker(VirtualHost v, Route r) {
    return !v.uniformHttpsRedirect() && v.redirectsToHttps(r) ? MARK : "";
  }
}
