package dev.ingressc.emit.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.ingressc.ir.BasicAuth;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Route;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLogFilter;
import io.envoyproxy.envoy.config.accesslog.v3.ComparisonFilter;
import io.envoyproxy.envoy.config.accesslog.v3.StatusCodeFilter;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.RuntimeUInt32;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.extensions.filters.http.basic_auth.v3.BasicAuthPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.ResponseMapper;
import java.util.List;
import java.util.Optional;

/**
 * A route's basic auth (SEMANTICS.md, Basic auth) in Envoy: one {@code envoy.filters.http.basic_auth}
 * in every connection manager (and WebSocket upgrade list), after RBAC and the local rate limit and
 * before the buffer filter, <b>disabled</b> ({@code HttpFilter.disabled}); each Envoy route that
 * proxies for a rule with basic auth (canary, CORS and raw-path variants alike, never the CORS
 * preflight's 204 nor a 503 of an upstream without endpoints) enables it with a
 * {@code BasicAuthPerRoute} holding the rule's users as htpasswd lines ({@code {SHA}} only, all
 * Envoy checks), which the filter uses instead of the connection manager's. The connection
 * manager's own {@code users} (read with empty not allowed) is a comment: no user, so a route that
 * enabled the filter without users of its own would let nobody in.
 *
 * <p>The filter answers 401 with {@code WWW-Authenticate: Basic realm="<the request's URL>"}; so the
 * rule's realm rides in the route's metadata ({@value #METADATA} {@value #REALM_KEY}) and a local
 * reply mapper of every 401 Envoy makes itself (only this filter makes one here) overwrites the
 * header with {@code Basic realm="%METADATA(ROUTE:...)%"} (a built-in formatter since Envoy 1.34;
 * the realm is data, not a format string, so no {@code %} of it is read as a command). Envoy adds a
 * proxying route's response_headers_to_add to a filter's local reply too, so a CORS route's 401
 * carries its CORS headers.
 *
 * <p>Credentials that cannot be used (the IR says why), or users with a hash Envoy cannot check
 * (an IR compiled for another target), make each such route a direct 503: never served open.
 */
final class EnvoyBasicAuth {
  static final String FILTER = "envoy.filters.http.basic_auth";
  /** The route metadata namespace and key holding the realm. */
  static final String METADATA = "ingressc.basic_auth";
  static final String REALM_KEY = "realm";
  static final String CHALLENGE_HEADER = "WWW-Authenticate";
  static final String CHALLENGE_VALUE = "Basic realm=\"%METADATA(ROUTE:" + METADATA + ":" + REALM_KEY + ")%\"";
  static final int CHALLENGE_STATUS = 401;
  static final int UNUSABLE_STATUS = 503;
  /** The runtime key the mapper's status comparison must name (nothing sets it: the default holds). */
  static final String STATUS_KEY = "ingressc.local_reply.basic_auth_status";
  /** The connection manager's users: none. */
  static final String NO_USERS = "# ingressc: each route with basic auth names its own users\n";

  private EnvoyBasicAuth() {}

  /** The connection manager's filter, disabled, when some route can check its users. */
  static Optional<HttpFilter> filter(IngressIR ir) {
    boolean used = ir.virtualHosts().stream().flatMap(v -> v.routes().stream())
        .anyMatch(r -> r.basicAuth().filter(EnvoyBasicAuth::checkable).isPresent());
    if (!used) {
      return Optional.empty();
    }
    return Optional.of(HttpFilter.newBuilder().setName(FILTER).setDisabled(true)
        .setTypedConfig(ProtoValues.any(io.envoyproxy.envoy.extensions.filters.http.basic_auth.v3.BasicAuth
            .newBuilder().setUsers(DataSource.newBuilder().setInlineString(NO_USERS)).build()))
        .build());
  }

  /** Whether the filter is there: then the connection manager also gets {@link #realmMapper}. */
  static boolean in(List<HttpFilter> filters) {
    return filters.stream().anyMatch(f -> f.getName().equals(FILTER));
  }

  /**
   * {@code routes}, made for {@code r}: each that proxies enables the filter with the rule's users
   * and carries its realm, or answers 503 when the users cannot be checked; the others stay.
   */
  static List<io.envoyproxy.envoy.config.route.v3.Route> apply(Route r,
      List<io.envoyproxy.envoy.config.route.v3.Route> routes, Any bufferOff) {
    if (r.basicAuth().isEmpty()) {
      return routes;
    }
    BasicAuth auth = r.basicAuth().get();
    if (!checkable(auth)) {
      return routes.stream().map(route -> !route.hasRoute() ? route : route.toBuilder().clearRoute()
          .setDirectResponse(DirectResponseAction.newBuilder().setStatus(UNUSABLE_STATUS))
          .putTypedPerFilterConfig(RouteTableBuilder.BUFFER_FILTER, bufferOff).build()).toList();
    }
    StringBuilder htpasswd = new StringBuilder();
    auth.credentials().users().forEach(u -> htpasswd.append(u.name()).append(':').append(u.hash()).append('\n'));
    Any users = ProtoValues.any(BasicAuthPerRoute.newBuilder()
        .setUsers(DataSource.newBuilder().setInlineString(htpasswd.toString())).build());
    Metadata realm = Metadata.newBuilder().putFilterMetadata(METADATA, Struct.newBuilder()
        .putFields(REALM_KEY, Value.newBuilder().setStringValue(auth.realm()).build()).build()).build();
    return routes.stream().map(route -> !route.hasRoute() ? route
        : route.toBuilder().putTypedPerFilterConfig(FILTER, users).setMetadata(realm).build()).toList();
  }

  /**
   * The local reply mapper that gives the filter's 401 the route's realm. With external auth in the
   * same connection manager ({@code externalAuth}), only a 401 the external auth script did not make
   * (it marks its own in the dynamic metadata, {@link EnvoyExternalAuth#DYNAMIC_NAMESPACE}): that
   * one keeps the auth service's WWW-Authenticate. An access log metadata filter matches when the
   * key holds the matcher's value, and when the key is absent if {@code match_if_key_not_found}: the
   * script writes {@code true}, the matcher wants {@code false}.
   */
  static ResponseMapper realmMapper(boolean externalAuth) {
    AccessLogFilter status401 = AccessLogFilter.newBuilder().setStatusCodeFilter(StatusCodeFilter.newBuilder()
        .setComparison(ComparisonFilter.newBuilder().setOp(ComparisonFilter.Op.EQ)
            .setValue(RuntimeUInt32.newBuilder().setDefaultValue(CHALLENGE_STATUS).setRuntimeKey(STATUS_KEY))))
        .build();
    AccessLogFilter filter = !externalAuth ? status401 : AccessLogFilter.newBuilder().setAndFilter(
        io.envoyproxy.envoy.config.accesslog.v3.AndFilter.newBuilder().addFilters(status401)
            .addFilters(AccessLogFilter.newBuilder().setMetadataFilter(
                io.envoyproxy.envoy.config.accesslog.v3.MetadataFilter.newBuilder()
                    .setMatcher(io.envoyproxy.envoy.type.matcher.v3.MetadataMatcher.newBuilder()
                        .setFilter(EnvoyExternalAuth.DYNAMIC_NAMESPACE)
                        .addPath(io.envoyproxy.envoy.type.matcher.v3.MetadataMatcher.PathSegment.newBuilder()
                            .setKey(EnvoyExternalAuth.REPLIED_KEY))
                        .setValue(io.envoyproxy.envoy.type.matcher.v3.ValueMatcher.newBuilder().setBoolMatch(false)))
                    .setMatchIfKeyNotFound(com.google.protobuf.BoolValue.of(true)))))
        .build();
    return ResponseMapper.newBuilder()
        .setFilter(filter)
        .addHeadersToAdd(HeaderValueOption.newBuilder()
            .setHeader(HeaderValue.newBuilder().setKey(CHALLENGE_HEADER).setValue(CHALLENGE_VALUE))
            .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD))
        .build();
  }

  /** Usable credentials whose every hash is {@code {SHA}}, the one format Envoy's filter reads. */
  private static boolean checkable(BasicAuth auth) {
    return auth.credentials().usable() && !auth.credentials().users().isEmpty()
        && auth.credentials().users().stream().allMatch(u -> u.format() == BasicAuth.HashFormat.SHA);
  }
}
