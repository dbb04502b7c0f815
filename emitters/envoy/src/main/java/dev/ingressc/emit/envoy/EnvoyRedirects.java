package dev.ingressc.emit.envoy;

import dev.ingressc.ir.HostMatch;
import dev.ingressc.ir.Redirect;
import dev.ingressc.ir.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.RedirectAction.RedirectResponseCode;

/**
 * A route's redirect as Envoy's redirect action. Envoy builds the Location from its parts: the
 * scheme, {@code host_redirect} (then no port of the request is kept), {@code port_redirect} when
 * the URL names one, and {@code path_redirect}, which replaces path and query alike;
 * {@code strip_query} drops the request's query when the URL has none, as nginx's
 * {@code return CODE URL} appends nothing. The IR holds only the codes Envoy's enum has.
 */
final class EnvoyRedirects {
  private EnvoyRedirects() {}

  static RedirectAction action(Redirect d) {
    RedirectAction.Builder b = RedirectAction.newBuilder()
        .setSchemeRedirect(d.scheme())
        .setHostRedirect(d.host())
        .setPathRedirect(d.pathAndQuery())
        .setStripQuery(true)
        .setResponseCode(code(d.code()));
    if (d.port() != 0) {
      b.setPortRedirect(d.port());
    }
    return b.build();
  }

  /**
   * The 308 to https. An exact host is written into the Location as the IR spells it; a wildcard
   * (or the catch-all) keeps the request's Host, whose port Envoy replaces by {@code port_redirect}
   * (given even for 443, because without it Envoy keeps a port other than 80).
   */
  static RedirectAction https(VirtualHost v, int httpsPort) {
    RedirectAction.Builder redirect = RedirectAction.newBuilder()
        .setHttpsRedirect(true)
        .setResponseCode(RedirectResponseCode.PERMANENT_REDIRECT);
    if (v.match() == HostMatch.EXACT) {
      redirect.setHostRedirect(v.host());
      if (httpsPort != 443) {
        redirect.setPortRedirect(httpsPort);
      }
    } else {
      redirect.setPortRedirect(httpsPort);
    }
    return redirect.build();
  }

  static RedirectResponseCode code(int code) {
    return switch (code) {
      case 301 -> RedirectResponseCode.MOVED_PERMANENTLY;
      case 302 -> RedirectResponseCode.FOUND;
      case 303 -> RedirectResponseCode.SEE_OTHER;
      case 307 -> RedirectResponseCode.TEMPORARY_REDIRECT;
      case 308 -> RedirectResponseCode.PERMANENT_REDIRECT;
      default -> throw new IllegalStateException("no Envoy redirect code " + code + "; normalize refuses it");
    };
  }
}
