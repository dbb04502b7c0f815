package dev.ingressc.ir;

import java.util.Optional;

/**
 * A route's own say on the https redirect (ingress-nginx's {@code ssl-redirect} and
 * {@code force-ssl-redirect} of its Ingress); {@link VirtualHost#redirectsToHttps(Route)} decides
 * with the host's TLS.
 *
 * @param sslRedirect the Ingress's {@code ssl-redirect}; empty: the host's class default
 *     ({@link HostTls#redirectToHttps()}). It matters only on a host served over TLS
 * @param force the Ingress's {@code force-ssl-redirect}: plain HTTP is redirected even when the
 *     host has no TLS here (TLS ended before ingressc)
 */
public record SslRedirect(Optional<Boolean> sslRedirect, boolean force) {
  /** No annotation: the host decides. */
  public static final SslRedirect HOST_DEFAULT = new SslRedirect(Optional.empty(), false);
}
