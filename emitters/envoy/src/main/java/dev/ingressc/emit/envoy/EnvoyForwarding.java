package dev.ingressc.emit.envoy;

import dev.ingressc.ir.Route;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.List;

/**
 * The forwarding headers (SEMANTICS.md, Forwarding headers) on Envoy: the connection manager takes
 * the peer as the client ({@code use_remote_address}), sets x-forwarded-proto from the connection,
 * does not append to x-forwarded-for ({@code skip_xff_append}) and keeps a client's x-request-id
 * ({@code preserve_external_request_id}; else it generates a UUID); every route table then sets the
 * rest. Envoy evaluates all of a table's header values against the request as it arrived at the
 * router, after removing {@code request_headers_to_remove} (header_parser.cc), so
 * x-original-forwarded-for reads the client's x-forwarded-for before it is overwritten, and an empty
 * value adds no field ({@code keep_empty_value} false), as nginx sends none.
 */
final class EnvoyForwarding {
  private static final String PEER = "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%";
  private static final String SCHEME = "%REQ(X-FORWARDED-PROTO)%";

  /** Header name and value (an Envoy substitution format string), each overwriting the client's. */
  static final List<List<String>> SET = List.of(
      List.of("x-original-forwarded-for", "%REQ(X-FORWARDED-FOR)%"),
      List.of("x-forwarded-for", PEER),
      List.of("x-real-ip", PEER),
      List.of("x-forwarded-host", "%REQ(:AUTHORITY)%"),
      List.of("x-forwarded-port", "%DOWNSTREAM_LOCAL_PORT%"),
      List.of("x-forwarded-scheme", SCHEME),
      List.of("x-scheme", SCHEME));
  /** Removed before the values are set: a client's own x-original-forwarded-for, and Proxy (httpoxy). */
  static final List<String> REMOVED = List.of("x-original-forwarded-for", "proxy");

  private EnvoyForwarding() {}

  static RouteConfiguration.Builder addTo(RouteConfiguration.Builder table) {
    for (List<String> h : SET) {
      table.addRequestHeadersToAdd(HeaderValueOption.newBuilder()
          .setHeader(HeaderValue.newBuilder().setKey(h.get(0)).setValue(h.get(1)))
          .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD));
    }
    return table.addAllRequestHeadersToRemove(REMOVED);
  }

  /** The route to a backend, sending the route's upstream-vhost as Host ({@code host_rewrite_literal}). */
  static io.envoyproxy.envoy.config.route.v3.Route.Builder upstreamHost(io.envoyproxy.envoy.config.route.v3.Route.Builder b,
      Route r) {
    if (r.upstreamHost().isPresent() && b.hasRoute()) {
      b.getRouteBuilder().setHostRewriteLiteral(r.upstreamHost().get());
    }
    return b;
  }
}
