package dev.ingressc.emit.envoy;

import dev.ingressc.ir.Backend;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.VirtualHost;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Envoy virtual hosts translated for earlier IRs, kept by the sidecar between passes: a change to
 * one host of 10,000 translates one host, and the unchanged hosts are the same message objects as
 * before, so whoever hashes them can remember their digests by identity.
 *
 * <p>A virtual host is a function of its IR host, the listener scheme and a context shared by all
 * hosts: the catch-all host (copied into wildcard hosts), the default backend, the https port and,
 * per upstream, what a route uses of it (its name, whether it is unavailable, whether it hashes by
 * client IP). When the context changes, everything is translated again; an endpoint-only change
 * leaves it alone. Entries not used by a translation are dropped after it. Not thread-safe.
 */
public final class VirtualHostCache {
  /** What routes read from an upstream; endpoints are not part of it. */
  private record UpstreamUse(boolean unavailable, boolean hashesByClientIp) {}

  private record Context(Optional<VirtualHost> catchAll, Optional<Backend> defaultBackend, int httpsPort,
      Map<String, UpstreamUse> upstreams) {}

  private record Key(VirtualHost host, RouteTableBuilder.Scheme scheme) {}

  private Context context;
  private Map<Key, io.envoyproxy.envoy.config.route.v3.VirtualHost> previous = new HashMap<>();
  private Map<Key, io.envoyproxy.envoy.config.route.v3.VirtualHost> current = new HashMap<>();
  private long translated;

  /** Starts a translation of {@code ir}; forgets everything if the shared context changed. */
  void begin(IngressIR ir, Optional<VirtualHost> catchAll, int httpsPort) {
    Map<String, UpstreamUse> uses = new HashMap<>();
    for (Upstream u : ir.upstreams()) {
      uses.put(u.name(), new UpstreamUse(u.unavailable(), u.loadBalancing() == LoadBalancing.CLIENT_IP_HASH));
    }
    Context now = new Context(catchAll, ir.defaultBackend(), httpsPort, uses);
    if (!now.equals(context)) {
      previous = new HashMap<>();
    }
    context = now;
    current = new HashMap<>();
  }

  /** The virtual host for {@code host} (null: the "*" host), built only if not kept from before. */
  io.envoyproxy.envoy.config.route.v3.VirtualHost get(VirtualHost host, RouteTableBuilder.Scheme scheme,
      Supplier<io.envoyproxy.envoy.config.route.v3.VirtualHost> build) {
    Key key = new Key(host, scheme);
    io.envoyproxy.envoy.config.route.v3.VirtualHost v = current.get(key);
    if (v == null) {
      v = previous.get(key);
      if (v == null) {
        v = build.get();
        translated++;
      }
      current.put(key, v);
    }
    return v;
  }

  /** Ends a translation: keeps what it used. */
  void end() {
    previous = current;
    current = new HashMap<>();
  }

  /** How many virtual hosts were built (not taken from the cache) so far; for tests. */
  public long translated() {
    return translated;
  }
}
