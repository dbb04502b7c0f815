package dev.ingressc.emit.nginx;

import dev.ingressc.emit.nginx.ConfigView.AppRootView;
import dev.ingressc.emit.nginx.ConfigView.Listen;
import dev.ingressc.ir.AppRoot;
import dev.ingressc.ir.VirtualHost;
import java.util.List;
import java.util.Optional;

/**
 * A host's app-root as server-level statements (ingress-nginx's own form): before any location,
 * {@code $uri} (the canonical path, the query apart) equal to {@code /} returns 302 to
 * {@code $scheme://$http_host} and the path. On a server that listens for plain HTTP, where the
 * location taking {@code /} redirects plain HTTP to https first (ssl-redirect per Ingress), only a
 * TLS request is answered here ({@code $https} is "on").
 */
final class AppRootStatements {
  private AppRootStatements() {}

  static AppRootView of(Optional<VirtualHost> vhost, List<Listen> listens) {
    if (vhost.isEmpty() || vhost.get().appRoot().isEmpty()) {
      return null;
    }
    VirtualHost v = vhost.get();
    boolean plain = listens.stream().anyMatch(l -> !l.ssl());
    return new AppRootView(plain && AppRoot.plainHttpRedirectsFirst(v), v.appRoot().get().path(), NginxOutputFormat.INSTANCE.markup(
        NginxQuoting.afterVariables("$scheme://$http_host", v.appRoot().get().path())));
  }
}
