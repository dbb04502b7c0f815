package dev.ingressc.emit.envoy;

import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The interpreter's model of the header fields Envoy sends upstream (SEMANTICS.md, Forwarding
 * headers), as Envoy documents them, for the settings ingressc uses (anything else throws):
 * <ul>
 *   <li>the connection manager (headers.html; conn_manager_utility.cc mutateRequestHeaders): with
 *       {@code use_remote_address} the peer is the client and, the request being an edge request,
 *       x-forwarded-proto is set from the connection; the peer is appended to x-forwarded-for
 *       (comma-separated) unless {@code skip_xff_append}; without it the client is what the XFF
 *       extension found, nothing is appended (the extension's {@code skip_xff_append}, default true)
 *       and x-forwarded-proto is the client's unless overwritten ({@link EnvoyClientAddressModel});
 *       with {@code generate_request_id} (default true) a missing x-request-id gets a UUID, and an
 *       edge request's is replaced unless {@code preserve_external_request_id};
 *   <li>the router (route_components.proto; header_parser.cc evaluateHeaders) applies the most
 *       specific level first (route, virtual host, then route table; the ingressc route tables set
 *       only the last): removes {@code request_headers_to_remove}, then evaluates every value of
 *       {@code request_headers_to_add} against the request so far before setting any, skips an empty
 *       value unless {@code keep_empty_value}, and appends or overwrites per {@code append_action};
 *       {@code host_rewrite_literal} replaces the Host.
 * </ul>
 * The client is the downstream remote address the connection manager took; the local port is the
 * listener's.
 */
final class EnvoyForwardingModel {
  private EnvoyForwardingModel() {}

  /** @param client the downstream remote address ({@link EnvoyClientAddressModel#remote}) */
  static Map<String, String> headers(HttpConnectionManager hcm, RouteConfiguration table, Route route,
      EnvoyInterpreter.Request req, String client) {
    return headers(atFilters(hcm, req), table, route, req, client);
  }

  /**
   * The fields the HTTP filters see (the Host under {@code host}): the client's, with the connection
   * manager's changes (mutateRequestHeaders runs before any filter).
   */
  static Map<String, String> atFilters(HttpConnectionManager hcm, EnvoyInterpreter.Request req) {
    boolean edge = hcm.getUseRemoteAddress().getValue(); // internal addresses are not modelled
    Map<String, String> h = new TreeMap<>(req.headers());
    h.put("host", req.host());
    h.put("x-forwarded-proto", EnvoyClientAddressModel.scheme(hcm, req));
    if (edge && !hcm.getSkipXffAppend()) {
      h.merge("x-forwarded-for", req.source(), (a, b) -> a + "," + b);
    }
    boolean generate = !hcm.hasGenerateRequestId() || hcm.getGenerateRequestId().getValue();
    if (generate && (!h.containsKey("x-request-id") || edge && !hcm.getPreserveExternalRequestId())) {
      h.put("x-request-id", UUID.randomUUID().toString());
    }
    return h;
  }

  /**
   * What the cluster receives of {@code filtered}, the fields as the HTTP filters left them
   * ({@link #atFilters}, maybe changed by a filter): the router's changes.
   */
  static Map<String, String> headers(Map<String, String> filtered, RouteConfiguration table, Route route,
      EnvoyInterpreter.Request req, String client) {
    Map<String, String> h = new TreeMap<>(filtered);
    // Route, then route table (Router's finalizeRequestHeaders: the most specific level first, each
    // level its removals, then its additions; a later level's OVERWRITE wins).
    apply(route.getRequestHeadersToRemoveList(), route.getRequestHeadersToAddList(), h, req.port(), client);
    apply(table.getRequestHeadersToRemoveList(), table.getRequestHeadersToAddList(), h, req.port(), client);
    if (route.hasRoute() && !route.getRoute().getHostRewriteLiteral().isEmpty()) {
      h.put("host", route.getRoute().getHostRewriteLiteral());
    }
    return h;
  }

  /** One level's header changes: its removals, then its additions, every value read before any is set. */
  private static void apply(List<String> remove, List<HeaderValueOption> add, Map<String, String> h, int port,
      String client) {
    remove.forEach(n -> h.remove(n.toLowerCase(Locale.ROOT)));
    List<String[]> values = new ArrayList<>();
    for (HeaderValueOption o : add) {
      String v = format(o.getHeader().getValue(), h, port, client);
      if (!v.isEmpty() || o.getKeepEmptyValue()) {
        values.add(new String[] {o.getHeader().getKey().toLowerCase(Locale.ROOT), v, o.getAppendAction().name()});
      }
    }
    for (String[] v : values) {
      switch (v[2]) {
        case "OVERWRITE_IF_EXISTS_OR_ADD" -> h.put(v[0], v[1]);
        case "APPEND_IF_EXISTS_OR_ADD" -> h.merge(v[0], v[1], (a, b) -> a + "," + b);
        case "ADD_IF_ABSENT" -> h.putIfAbsent(v[0], v[1]);
        default -> throw new UnsupportedOperationException("append_action " + v[2]);
      }
    }
  }

  /** Envoy's substitution format, for the operators ingressc's tables use. */
  static String format(String f, Map<String, String> headers, int localPort, String client) {
    StringBuilder out = new StringBuilder();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("%([A-Z_]+)(?:\\(([^)]*)\\))?%").matcher(f);
    int at = 0;
    while (m.find()) {
      out.append(f, at, m.start());
      out.append(switch (m.group(1)) {
        case "REQ" -> {
          String name = m.group(2).toLowerCase(Locale.ROOT);
          yield headers.getOrDefault(name.equals(":authority") ? "host" : name, "");
        }
        case "DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT" -> client;
        case "DOWNSTREAM_LOCAL_PORT" -> Integer.toString(localPort);
        default -> throw new UnsupportedOperationException("format operator " + m.group());
      });
      at = m.end();
    }
    return out.append(f.substring(at)).toString();
  }
}
