package dev.ingressc.normalize;

import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.RouteSettings;
import dev.ingressc.ir.TrustedProxies;
import java.util.Map;

/**
 * Settings an IngressClass's {@code spec.parameters} carry for its Ingresses.
 *
 * @param loadBalancing how requests spread over endpoints
 * @param sslRedirect whether plain HTTP to a TLS host is redirected to https
 * @param settings timeouts and body limit
 * @param resourceBackends resource backends ({@code apiGroup/Kind/name}) mapped to upstream URLs
 * @param http2 whether TLS listeners offer HTTP/2; listener-wide, so the compiler decides it once
 *     over every class it serves
 * @param trustedProxies the proxies in front whose X-Forwarded-For names the client; listener-wide too
 */
public record ClassParameters(
    LoadBalancing loadBalancing, boolean sslRedirect, RouteSettings settings, Map<String, UpstreamUrl> resourceBackends,
    boolean http2, TrustedProxies trustedProxies) {

  public static final ClassParameters DEFAULTS =
      new ClassParameters(LoadBalancing.ROUND_ROBIN, true, RouteSettings.DEFAULTS, Map.of(), true, TrustedProxies.NONE);

  public ClassParameters {
    resourceBackends = Map.copyOf(resourceBackends);
  }

  /** The key of a resource backend: {@code apiGroup/Kind/name}, apiGroup empty for the core group. */
  public static String resourceKey(String apiGroup, String kind, String name) {
    return (apiGroup == null ? "" : apiGroup) + "/" + kind + "/" + name;
  }
}
