package dev.ingressc.emit.nginx;

import dev.ingressc.emit.nginx.ConfigView.Action;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.VirtualHost;
import java.util.Optional;
import java.util.function.Function;

/**
 * The https redirect per location, for a host whose routes differ on it (ssl-redirect,
 * force-ssl-redirect): its one server listens for plain HTTP and TLS, and each location whose route
 * (or, for the fallback, whose host) redirects answers plain HTTP with the 308 first. A host whose
 * routes agree keeps the whole-server redirect (ViewBuilder), and its locations get no guard.
 */
final class PlainHttpRedirects {
  private PlainHttpRedirects() {}

  static boolean perLocation(Optional<VirtualHost> vhost) {
    return vhost.isPresent() && !vhost.get().uniformHttpsRedirect();
  }

  static Function<Route, Action> routes(Optional<VirtualHost> vhost, Function<Route, Action> base, HttpsRedirect to) {
    if (!perLocation(vhost)) {
      return base;
    }
    VirtualHost v = vhost.get();
    return r -> v.redirectsToHttps(r) ? base.apply(r).redirectingPlainHttp(to) : base.apply(r);
  }

  static Action fallback(Optional<VirtualHost> vhost, Action base, HttpsRedirect to) {
    return perLocation(vhost) && vhost.get().fallbackRedirectsToHttps() ? base.redirectingPlainHttp(to) : base;
  }
}
