package dev.ingressc.emit.nginx;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.VirtualHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Plans the {@link PassthroughStream} from the IR's passed-through hosts; null when there are none. */
final class PassthroughPlanner {
  /** Debian's libnginx-mod-stream, loaded only when some host is passed through. */
  static final String STREAM_MODULE = "/usr/lib/nginx/modules/ngx_stream_module.so";
  static final String HTTPS_SOCKET = "https.sock";

  private PassthroughPlanner() {}

  static PassthroughStream plan(IngressIR ir, EndpointTable endpoints, EmitOptions options, UpstreamIds ids) {
    List<VirtualHost> hosts = ir.passthroughHosts();
    if (hosts.isEmpty()) {
      return null;
    }
    Map<String, PassthroughStream.Relay> relays = new TreeMap<>();
    List<ConfigView.MapEntry> entries = new ArrayList<>();
    for (VirtualHost v : hosts) {
      Upstream u = ir.upstream(v.passthrough().orElseThrow().backend().upstream()).orElseThrow();
      PassthroughStream.Relay relay = relays.computeIfAbsent(u.name(),
          n -> relay(u, endpoints, options, ids, "passthrough-" + ids.id(n) + ".sock"));
      entries.add(new ConfigView.MapEntry(v.host(), relay.socket()));
    }
    return new PassthroughStream(STREAM_MODULE, options.httpsPort(), socket(options, HTTPS_SOCKET), entries,
        List.copyOf(relays.values()));
  }

  /** The http block's TLS servers' socket, when some host is passed through. */
  static String httpsSocket(EmitOptions options) {
    return socket(options, HTTPS_SOCKET);
  }

  private static String socket(EmitOptions options, String file) {
    return "unix:" + options.runtimeDir().resolve(file);
  }

  private static PassthroughStream.Relay relay(Upstream u, EndpointTable endpoints, EmitOptions options, UpstreamIds ids,
      String file) {
    List<String> servers = endpoints.of(u.name()).stream().map(Endpoint::hostPort).toList();
    String socket = socket(options, file);
    return switch (u.kind()) {
      case UNAVAILABLE -> new PassthroughStream.Relay(socket, u.name() + ": no endpoint, the connection is closed",
          null, List.of(), null);
      case STATIC -> new PassthroughStream.Relay(socket, u.name(), ids.id(u.name()), servers, null);
      case DNS -> new PassthroughStream.Relay(socket, u.name() + " (DNS, resolved when nginx loads)", null, List.of(),
          servers.get(0));
    };
  }
}
