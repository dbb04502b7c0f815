package dev.ingressc.emit.nginx;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Upstream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link NginxFormat#LUA} format's balancer, for {@link ViewBuilder}: which upstreams it
 * serves, its one upstream block and modules, and the peer maps of {@code endpoints.conf}. In the
 * other formats it serves none and is left out.
 */
final class LuaBalancing {
  /** ingress-nginx's default for its one Lua balancer upstream (upstream-keepalive-connections). */
  static final int KEEPALIVE = 320;
  static final String UPSTREAM = "ingressc_balancer";
  /** Debian's packages (libnginx-mod-http-ndk, libnginx-mod-http-lua); the Lua module needs the NDK loaded first. */
  static final List<String> MODULES = List.of("/usr/lib/nginx/modules/ndk_http_module.so",
      "/usr/lib/nginx/modules/ngx_http_lua_module.so");
  /** Well under nginx's 4 KB limit for one value, with room for the quotes and escapes. */
  static final int PEERS_PART = 3000;

  private final IngressIR ir;
  private final EndpointTable endpoints;
  private final EmitOptions options;
  private final UpstreamIds ids;
  /** Whether the format is {@link NginxFormat#LUA}. */
  private final boolean on;
  private Map<String, String> table;

  LuaBalancing(IngressIR ir, EndpointTable endpoints, EmitOptions options, UpstreamIds ids, boolean on) {
    this.ir = ir;
    this.endpoints = endpoints;
    this.options = options;
    this.ids = ids;
    this.on = on;
  }

  /** Whether the balancer serves {@code u}, which then has no upstream block of its own. */
  boolean balances(Upstream u) {
    return on && LuaEndpoints.balanced(u);
  }

  /** The balancer's part of nginx.conf (the map keys size its hash), or null outside the lua format. */
  ConfigView.LuaBalancer view(List<ConfigView.MapEntry> hostRoutes) {
    if (!on) {
      return null;
    }
    List<String> mapKeys = new ArrayList<>(table().keySet());
    hostRoutes.forEach(e -> mapKeys.add(e.key()));
    return new ConfigView.LuaBalancer(MODULES, UPSTREAM, LuaEndpoints.FILE,
        "unix:" + options.runtimeDir().resolve(LuaEndpoints.CONTROL_SOCKET), KEEPALIVE,
        HashSizing.forNames(mapKeys), hostRoutes, NginxAffinity.entries(ir, ids));
  }

  /** The maps of {@code endpoints.conf} in the {@code lua} format: the first always, more for long lists. */
  List<ConfigView.PeerMap> peerMaps() {
    List<List<ConfigView.PeerLine>> parts = new ArrayList<>();
    table().forEach((id, peers) -> {
      List<String> cut = cut(peers);
      for (int i = 0; i < cut.size(); i++) {
        if (parts.size() <= i) {
          parts.add(new ArrayList<>());
        }
        parts.get(i).add(new ConfigView.PeerLine(id, cut.get(i) + (i < cut.size() - 1 ? " +" : "")));
      }
    });
    if (parts.isEmpty()) {
      parts.add(List.of());
    }
    List<ConfigView.PeerMap> maps = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      // A fixed name and a number: printed as it is, like a Keyword.
      String variable = i == 0 ? "$ingressc_peers" : "$ingressc_peers_" + (i + 1);
      maps.add(new ConfigView.PeerMap(NginxOutputFormat.INSTANCE.markup(variable), parts.get(i)));
    }
    return maps;
  }

  /** The peers text in parts of at most {@link #PEERS_PART} characters, cut between words. */
  static List<String> cut(String peers) {
    List<String> out = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (String word : peers.split(" ")) {
      if (part.length() > 0 && part.length() + 1 + word.length() > PEERS_PART) {
        out.add(part.toString());
        part.setLength(0);
      }
      part.append(part.length() > 0 ? " " : "").append(word);
    }
    out.add(part.toString());
    return out;
  }

  private Map<String, String> table() {
    if (table == null) {
      table = LuaEndpoints.table(ir, endpoints, ids);
    }
    return table;
  }
}
