package dev.ingressc.normalize;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.ir.Backend;
import dev.ingressc.ir.Route;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code merge} makes of one host (or of the default backend): its routes in precedence
 * order, the findings reported while building it, and the resolutions of its backends. Filled by
 * {@link Merge}, then read only.
 */
final class HostRoutes {
  final List<Route> routes = new ArrayList<>();
  final List<Diagnostic> diagnostics = new ArrayList<>(0);
  final List<Resolution> resolutions = new ArrayList<>(1);
  /** The auth Secrets its routes carry ({@link AuthSecrets}). */
  final List<AuthSecrets.Key> authSecrets = new ArrayList<>(0);
  /** The default backend, for the default backend's. */
  Backend backend;
  /** The host's passthrough ({@link SslPassthroughs}), or null. */
  dev.ingressc.ir.Passthrough passthrough;
  /** The host's app-root ({@link AppRoots}), or null. */
  dev.ingressc.ir.AppRoot appRoot;
  /** The host's from-to-www-redirect ({@link WwwRedirects}), or null. */
  dev.ingressc.ir.WwwRedirect wwwRedirect;

  boolean served() {
    return !routes.isEmpty();
  }
}
