package dev.ingressc.ir;

import java.time.Duration;

/**
 * Proxy settings that travel with a route, from its Ingress's class parameters.
 *
 * @param connectTimeout how long to wait for a backend connection
 * @param readTimeout how long to wait between two reads from the backend
 * @param maxBodyBytes the largest request body accepted; 0 means no limit
 */
public record RouteSettings(Duration connectTimeout, Duration readTimeout, long maxBodyBytes) {

  public static final RouteSettings DEFAULTS =
      new RouteSettings(Duration.ofSeconds(5), Duration.ofSeconds(60), 1024L * 1024L);
}
