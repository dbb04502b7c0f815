package dev.ingressc.emit.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.ingressc.ir.ExternalAuth;
import dev.ingressc.ir.IngressIR;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.LuaPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A route's external auth (SEMANTICS.md, External auth) in Envoy, by its Lua filter: Envoy's
 * ext_authz filter cannot, as it sends the request's own method and path (appended to the
 * service's), lets only 200 through and passes the service's other answers as they are.
 *
 * <p>One {@code envoy.filters.http.lua} in every connection manager (and WebSocket upgrade list),
 * after the buffer filter (so after the source ranges' 403, the rate limit's 503, basic auth's 401
 * and a body over the limit's 413) and before the router, <b>disabled</b>; its one script
 * ({@value #SCRIPT_NAME}: the resource {@code external_auth.lua}, static, written as is, the same
 * for every configuration) is kept in {@code source_codes}, as a file beside a static bootstrap
 * and inline over xDS. Each Envoy route that proxies for a rule with
 * external auth (canary, CORS and raw-path variants alike; never the CORS preflight's 204 nor the
 * 503 of a Service without ready endpoints, which answer without asking, nor a redirect) enables it
 * by naming the script ({@code LuaPerRoute.name}) and carries the auth's settings as data, never as
 * code, in its metadata under the filter's name: the cluster, method, path and query, Host, whether
 * auth-method was set, the request redirect, the copied fields, the sign-in URL as pieces, the
 * timeout and the statuses that carry the service's Set-Cookie.
 *
 * <p>The script asks with {@code httpCall} (no X-Forwarded-For of Envoy's own: {@code send_xff}
 * false) on a cluster per distinct service ({@link #clusters}): STATIC for an IP address, else
 * STRICT_DNS, whose name Envoy resolves by the cluster's refresh, not per request; https with an
 * UpstreamTlsContext that verifies nothing, as ingress-nginx. {@code clear_route_cache} is off, so a
 * copied field never changes the route already chosen.
 */
final class EnvoyExternalAuth {
  static final String FILTER = "envoy.filters.http.lua";
  static final String SCRIPT_NAME = "ingressc_external_auth.lua";
  /** The script's file in the output directory of a static bootstrap. */
  static final String SCRIPT_FILE = "external_auth.lua";
  /** The dynamic metadata namespace the script writes ({@code replied}, {@code set_cookie}). */
  static final String DYNAMIC_NAMESPACE = "ingressc.external_auth";
  static final String REPLIED_KEY = "replied";
  /** The script, printed as is. */
  static final String SCRIPT = script();

  private EnvoyExternalAuth() {}

  /**
   * The connection manager's filter, disabled, when some route has external auth. Its script is the
   * file {@value #SCRIPT_FILE} of {@code outputDir} (a static bootstrap: {@link #file}, one copy for
   * every connection manager and upgrade list), else inline (xDS: nothing refers to files).
   */
  static Optional<HttpFilter> filter(IngressIR ir, Path outputDir) {
    if (!used(ir)) {
      return Optional.empty();
    }
    DataSource source = outputDir == null ? DataSource.newBuilder().setInlineString(SCRIPT).build()
        : DataSource.newBuilder().setFilename(outputDir.resolve(SCRIPT_FILE).toString()).build();
    Lua lua = Lua.newBuilder()
        .putSourceCodes(SCRIPT_NAME, source)
        .setClearRouteCache(BoolValue.of(false))
        .build();
    return Optional.of(HttpFilter.newBuilder().setName(FILTER).setDisabled(true).setTypedConfig(ProtoValues.any(lua))
        .build());
  }

  /** The script's file beside a static bootstrap, when some route has external auth. */
  static Optional<dev.ingressc.emit.EmittedFile> file(IngressIR ir) {
    return used(ir) ? Optional.of(dev.ingressc.emit.EmittedFile.text(SCRIPT_FILE, SCRIPT)) : Optional.empty();
  }

  /** Whether the filter is among {@code filters}. */
  static boolean in(List<HttpFilter> filters) {
    return filters.stream().anyMatch(f -> f.getName().equals(FILTER));
  }

  static boolean used(IngressIR ir) {
    return ir.virtualHosts().stream().flatMap(v -> v.routes().stream()).anyMatch(r -> r.externalAuth().isPresent());
  }

  /** {@code routes}, made for {@code r}: each that proxies runs the script with the rule's settings; the others stay. */
  static List<io.envoyproxy.envoy.config.route.v3.Route> apply(dev.ingressc.ir.Route r,
      List<io.envoyproxy.envoy.config.route.v3.Route> routes) {
    if (r.externalAuth().isEmpty()) {
      return routes;
    }
    Any enable = ProtoValues.any(LuaPerRoute.newBuilder().setName(SCRIPT_NAME).build());
    Struct settings = settings(r.externalAuth().get());
    return routes.stream().map(route -> {
      if (!route.hasRoute()) {
        return route;
      }
      io.envoyproxy.envoy.config.route.v3.Route.Builder b = route.toBuilder().putTypedPerFilterConfig(FILTER, enable);
      b.getMetadataBuilder().putFilterMetadata(FILTER, settings); // kept: basic auth's realm
      return b.build();
    }).toList();
  }

  /** The settings the script reads, as data. */
  static Struct settings(ExternalAuth a) {
    Struct.Builder s = Struct.newBuilder()
        .putFields("cluster", string(clusterName(a.service())))
        .putFields("method", string(a.method()))
        .putFields("path", string(a.service().pathAndQuery()))
        .putFields("authority", string(a.service().hostHeader()))
        .putFields("originals", Value.newBuilder().setBoolValue(a.methodSet()).build())
        .putFields("copy", list(a.responseHeaders().stream().map(EnvoyExternalAuth::string).toList()))
        .putFields("timeout_ms", Value.newBuilder().setNumberValue(ExternalAuth.TIMEOUT.toMillis()).build())
        .putFields("cookie_statuses", list(ExternalAuth.COOKIE_STATUSES.stream()
            .map(n -> Value.newBuilder().setNumberValue(n).build()).toList()));
    a.requestRedirect().ifPresent(r -> s.putFields("redirect", string(r)));
    a.signIn().ifPresent(in -> s.putFields("signin", list(in.pieces().stream().map(p -> Value.newBuilder()
        .setStructValue(Struct.newBuilder().putFields(p instanceof ExternalAuth.Literal ? "text" : "value",
            string(p instanceof ExternalAuth.Literal l ? l.text()
                : ((ExternalAuth.Value) p).variable().substring(1)))).build()).toList())));
    return s.build();
  }

  /** The cluster of each distinct auth service, by name, with its endpoint (for a STRICT_DNS one, the name). */
  static Map<String, Map.Entry<Cluster, ClusterLoadAssignment>> clusters(IngressIR ir) {
    Map<String, Map.Entry<Cluster, ClusterLoadAssignment>> out = new TreeMap<>();
    ir.virtualHosts().forEach(v -> v.routes().forEach(r -> r.externalAuth().ifPresent(a -> {
      String name = clusterName(a.service());
      out.computeIfAbsent(name, n -> Map.entry(cluster(a.service(), n), assignment(a.service(), n)));
    })));
    return out;
  }

  /** Distinct for every scheme, host and port. */
  static String clusterName(ExternalAuth.AuthService s) {
    return "external_auth_" + EnvoyNames.escape((s.https() ? "https://" : "http://") + s.host() + ":" + s.port());
  }

  private static Cluster cluster(ExternalAuth.AuthService s, String name) {
    Cluster.Builder c = Cluster.newBuilder()
        .setName(name)
        .setType(s.ipLiteral() ? Cluster.DiscoveryType.STATIC : Cluster.DiscoveryType.STRICT_DNS)
        .setConnectTimeout(ProtoValues.duration(ExternalAuth.TIMEOUT))
        .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
        .putTypedExtensionProtocolOptions(ClusterBuilder.HTTP_PROTOCOL_OPTIONS, ClusterBuilder.HTTP1_ONLY);
    if (!s.ipLiteral()) {
      c.setDnsLookupFamily(Cluster.DnsLookupFamily.V4_PREFERRED);
    }
    if (s.https()) {
      // No validation context: the certificate is not verified, as ingress-nginx does not.
      c.setTransportSocket(TransportSocket.newBuilder().setName(ListenerBuilder.TLS_TRANSPORT)
          .setTypedConfig(ProtoValues.any(UpstreamTlsContext.newBuilder()
              .setCommonTlsContext(CommonTlsContext.getDefaultInstance()).build())));
    }
    return c.build();
  }

  private static ClusterLoadAssignment assignment(ExternalAuth.AuthService s, String name) {
    String host = s.host().startsWith("[") ? s.host().substring(1, s.host().length() - 1) : s.host();
    return ClusterBuilder.loadAssignment(List.of(new dev.ingressc.ir.Endpoint(host, s.port())), name);
  }

  private static Value string(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }

  private static Value list(List<Value> values) {
    return Value.newBuilder().setListValue(ListValue.newBuilder().addAllValues(values)).build();
  }

  private static String script() {
    try (InputStream in = EnvoyExternalAuth.class.getResourceAsStream("external_auth.lua")) {
      if (in == null) {
        throw new IllegalStateException("external_auth.lua is missing from the emitter's resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
