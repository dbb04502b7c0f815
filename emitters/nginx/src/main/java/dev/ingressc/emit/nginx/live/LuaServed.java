package dev.ingressc.emit.nginx.live;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.nginx.LuaEndpoints;
import dev.ingressc.emit.nginx.NginxEmitter;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Upstream;
import java.util.HashMap;
import java.util.Map;

/**
 * What nginx in the lua format serves or its files hold ({@link NginxLuaApplier}): the routing and
 * endpoints table, and the endpoints of each Lua-balanced upstream id (made when first needed).
 */
final class LuaServed {
  private final NginxEmitter emitter;
  final IngressIR ir;
  final EndpointTable table;
  private Map<String, String> endpoints;
  /** Every emitted file but endpoints.conf, for {@link #configOptions}. */
  private Map<String, String> config;
  private EmitOptions configOptions;

  LuaServed(NginxEmitter emitter, IngressIR ir, EndpointTable table) {
    this.emitter = emitter;
    this.ir = ir;
    this.table = table;
  }

  /** The same routing with other endpoints. */
  LuaServed with(EndpointTable other) {
    return new LuaServed(emitter, ir, other);
  }

  /**
   * Whether nginx.conf is the same with {@code other}'s endpoints: nginx.conf holds the
   * endpoints of the upstreams the Lua balancer does not serve (DNS names, least-connections,
   * client-IP hashing), endpoints.conf and the control socket those it serves.
   */
  boolean sameConfig(EndpointTable other) {
    // A passed-through upstream's endpoints are in nginx.conf's stream block, balanced or not.
    java.util.Set<String> passedThrough = new java.util.HashSet<>();
    ir.passthroughHosts().forEach(v -> passedThrough.add(v.passthrough().orElseThrow().backend().upstream()));
    for (Upstream u : ir.upstreams()) {
      if ((!LuaEndpoints.balanced(u) || passedThrough.contains(u.name())) && !table.of(u.name()).equals(other.of(u.name()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether nginx.conf (every file but endpoints.conf) is the same with {@code other}'s routing
   * and endpoints. Hosts, routes, the default backend or certificates that differ make it differ
   * (told without emitting); otherwise both are emitted and compared, so what nginx.conf holds
   * is not listed here by hand.
   */
  boolean sameConfig(LuaServed other, EmitOptions options) {
    if (!ir.virtualHosts().equals(other.ir.virtualHosts()) || !ir.defaultBackend().equals(other.ir.defaultBackend())
        || !ir.certificates().equals(other.ir.certificates())
        || !ir.defaultCertificate().equals(other.ir.defaultCertificate())) {
      return false;
    }
    return config(options).equals(other.config(options));
  }

  private Map<String, String> config(EmitOptions options) {
    if (config == null || !options.equals(configOptions)) {
      config = new HashMap<>();
      for (EmittedFile f : emitter.emit(ir, table, options).files()) {
        if (!f.path().equals(LuaEndpoints.FILE)) {
          config.put(f.path(), f.text());
        }
      }
      configOptions = options;
    }
    return config;
  }

  Map<String, String> endpoints() {
    if (endpoints == null) {
      endpoints = LuaEndpoints.table(ir, table);
    }
    return endpoints;
  }
}
