package dev.ingressc.emit.envoy;

import com.google.protobuf.BoolValue;
import dev.ingressc.ir.RouteSettings;
import dev.ingressc.ir.TlsCertificate;
import dev.ingressc.ir.TrustedProxies;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLogFilter;
import io.envoyproxy.envoy.config.accesslog.v3.AndFilter;
import io.envoyproxy.envoy.config.accesslog.v3.ComparisonFilter;
import io.envoyproxy.envoy.config.accesslog.v3.HeaderFilter;
import io.envoyproxy.envoy.config.accesslog.v3.StatusCodeFilter;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.RuntimeUInt32;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.Buffer;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.LocalReplyConfig;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.ResponseMapper;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;
import java.util.Optional;

/**
 * The plain-HTTP listener, and the HTTPS listener: a TLS inspector reads the SNI, one filter chain per
 * TLS host serves that host's certificate, and a default filter chain exists only when a default
 * certificate does (otherwise Envoy finds no chain for an unknown SNI and closes the connection).
 * Every chain routes through the same HTTPS route table, by Host, exactly as plain HTTP does.
 * HTTP/2 is offered over TLS only, by ALPN, when the IR's listener settings say so.
 */
final class ListenerBuilder {
  static final String HCM = "envoy.filters.network.http_connection_manager";
  static final String ROUTER = "envoy.filters.http.router";
  static final String TLS_INSPECTOR = "envoy.filters.listener.tls_inspector";
  static final String TLS_TRANSPORT = "envoy.transport_sockets.tls";
  static final String ANY_ADDRESS = "0.0.0.0";
  static final String WEBSOCKET = "websocket";
  static final String ALPN_H2 = "h2";
  static final String ALPN_HTTP11 = "http/1.1";
  /**
   * The runtime key a status comparison must name (RuntimeUInt32.runtime_key is required); nothing
   * sets it, so the comparison uses its default value.
   */
  static final String NON_RELATIVE_STATUS_KEY = "ingressc.local_reply.non_relative_path_status";

  private ListenerBuilder() {}

  /**
   * HTTP/1.1 only, as nginx and HAProxy serve plain HTTP (no h2c).
   *
   * @param first the HTTP filters before the buffer filter, upgrades' too: RBAC for source ranges,
   *     the local rate limit ({@link EnvoyRateLimits}), basic auth ({@link EnvoyBasicAuth}); empty
   *     when no route needs them; behind trusted proxies, {@link EnvoyClientAddress}'s RBAC before them
   * @param last the HTTP filters after the buffer filter and before the router, upgrades' too:
   *     external auth ({@link EnvoyExternalAuth}); empty when no route needs it
   * @param trusted the proxies in front whose X-Forwarded-For names the client ({@link EnvoyClientAddress})
   */
  static Listener http(int port, List<HttpFilter> first, List<HttpFilter> last, TrustedProxies trusted) {
    return Listener.newBuilder()
        .setName(EnvoyNames.HTTP)
        .setAddress(address(port))
        .addFilterChains(FilterChain.newBuilder()
            .addFilters(hcm(EnvoyNames.HTTP, EnvoyNames.HTTP, HttpConnectionManager.CodecType.HTTP1, first, last,
                trusted)))
        .build();
  }

  /**
   * @param sniHosts every TLS host with the certificate that serves it, sorted by host
   * @param http2 whether ALPN offers h2 (then http/1.1) and the codec follows what ALPN chose;
   *     otherwise no ALPN and HTTP/1.1 only
   * @param first the HTTP filters before the buffer filter, as for {@link #http}
   * @param last the HTTP filters after it, as for {@link #http}
   * @param trusted as for {@link #http}
   */
  static Listener https(int port, List<SniHost> sniHosts, Optional<TlsCertificate> defaultCertificate, boolean http2,
      List<HttpFilter> first, List<HttpFilter> last, TrustedProxies trusted) {
    HttpConnectionManager.CodecType codec = http2 ? HttpConnectionManager.CodecType.AUTO
        : HttpConnectionManager.CodecType.HTTP1;
    Listener.Builder l = Listener.newBuilder()
        .setName(EnvoyNames.HTTPS)
        .setAddress(address(port))
        .addListenerFilters(ListenerFilter.newBuilder()
            .setName(TLS_INSPECTOR)
            .setTypedConfig(ProtoValues.any(TlsInspector.getDefaultInstance())));
    for (SniHost s : sniHosts) {
      l.addFilterChains(FilterChain.newBuilder()
          .setName(EnvoyNames.filterChain(s.host()))
          .setFilterChainMatch(FilterChainMatch.newBuilder().addServerNames(s.host()))
          .setTransportSocket(tls(s.certificateId(), http2))
          .addFilters(hcm(EnvoyNames.filterChain(s.host()), EnvoyNames.HTTPS, codec, first, last, trusted)));
    }
    defaultCertificate.ifPresent(c -> l.setDefaultFilterChain(FilterChain.newBuilder()
        .setName("sni_default")
        .setTransportSocket(tls(c.id(), http2))
        .addFilters(hcm("sni_default", EnvoyNames.HTTPS, codec, first, last, trusted))));
    return l.build();
  }

  /** A TLS host and the certificate its SNI gets. */
  record SniHost(String host, String certificateId) {}

  private static Address address(int port) {
    return Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder().setAddress(ANY_ADDRESS).setPortValue(port))
        .build();
  }

  private static TransportSocket tls(String certificateId, boolean http2) {
    CommonTlsContext.Builder common = CommonTlsContext.newBuilder()
        .setTlsParams(TlsParameters.newBuilder()
            .setTlsMinimumProtocolVersion(TlsParameters.TlsProtocol.TLSv1_2))
        .addTlsCertificateSdsSecretConfigs(SdsSecretConfig.newBuilder()
            .setName(EnvoyNames.secret(certificateId))
            .setSdsConfig(ads()));
    if (http2) {
      common.addAlpnProtocols(ALPN_H2).addAlpnProtocols(ALPN_HTTP11);
    }
    DownstreamTlsContext context = DownstreamTlsContext.newBuilder().setCommonTlsContext(common).build();
    return TransportSocket.newBuilder().setName(TLS_TRANSPORT).setTypedConfig(ProtoValues.any(context)).build();
  }

  /**
   * The connection manager: routes come from the named table over RDS; the client address is the
   * peer's ({@code use_remote_address}), so Envoy sets x-forwarded-proto from the connection (the
   * other forwarding headers: {@link EnvoyForwarding}); the path is never normalized or rewritten (no
   * normalization, no slash merging, escaped slashes kept), so the backend gets the target as sent
   * and the route table applies the request-target policy. An absolute-form target stays the
   * {@code :path} as sent ({@code allow_absolute_url} false; Envoy's default, true, would replace
   * the Host with the URL's); the connection manager then answers 404 to a {@code :path} not
   * starting with "/" before routing, which {@link #nonRelativePathIs400()} turns into the policy's 400.
   * With source ranges, the RBAC filter ({@link EnvoySourceRanges}) comes first, also for upgrades:
   * a client kept out gets its 403 before the buffer filter reads a body (whose limit answers 413);
   * then the rate limit ({@link EnvoyRateLimits}), whose 503 also comes before the body's 413; then
   * basic auth ({@link EnvoyBasicAuth}), whose 401 gets the route's realm from a second local reply mapper
   * (not on external auth's own 401). After the buffer filter, external auth ({@link EnvoyExternalAuth}),
   * so a body over the limit gets its 413 without asking.
   * Behind trusted proxies the client address is found in X-Forwarded-For instead ({@link EnvoyClientAddress}).
   */
  private static Filter hcm(String statPrefix, String routeTable, HttpConnectionManager.CodecType codec,
      List<HttpFilter> first, List<HttpFilter> last, TrustedProxies trusted) {
    HttpConnectionManager.Builder b = HttpConnectionManager.newBuilder()
        .setStatPrefix(statPrefix)
        .setCodecType(codec)
        .setRds(Rds.newBuilder().setRouteConfigName(routeTable).setConfigSource(ads()))
        .setUseRemoteAddress(BoolValue.of(true))
        // The forwarding headers (EnvoyForwarding): x-forwarded-for is set by the route table.
        .setSkipXffAppend(true)
        .setPreserveExternalRequestId(true)
        .setNormalizePath(BoolValue.of(false))
        .setMergeSlashes(false)
        .setPathWithEscapedSlashesAction(HttpConnectionManager.PathWithEscapedSlashesAction.KEEP_UNCHANGED)
        .setHttpProtocolOptions(Http1ProtocolOptions.newBuilder().setAllowAbsoluteUrl(BoolValue.of(false)))
        .setLocalReplyConfig(EnvoyBasicAuth.in(first)
            ? nonRelativePathIs400().toBuilder()
                .addMappers(EnvoyBasicAuth.realmMapper(EnvoyExternalAuth.in(last))).build()
            : nonRelativePathIs400());
    HttpConnectionManager.UpgradeConfig.Builder websocket = HttpConnectionManager.UpgradeConfig.newBuilder()
        .setUpgradeType(WEBSOCKET);
    EnvoyClientAddress.configure(b, trusted, routeTable.equals(EnvoyNames.HTTPS) ? "https" : "http");
    b.addAllHttpFilters(first);
    websocket.addAllFilters(first).addAllFilters(last);
    HttpConnectionManager hcm = b
        .addHttpFilters(HttpFilter.newBuilder()
            .setName(RouteTableBuilder.BUFFER_FILTER)
            // Every route sets its own limit; this is only the required listener-wide value.
            .setTypedConfig(ProtoValues.any(Buffer.newBuilder()
                .setMaxRequestBytes(ProtoValues.uint32(RouteSettings.DEFAULTS.maxBodyBytes())).build())))
        .addAllHttpFilters(last)
        .addHttpFilters(router())
        // WebSocket: the buffer filter would hold the upgrade request until a body end that never
        // comes, so upgrades get a filter list of their own, the router alone (after the RBAC filter,
        // which must guard a tunnel too). An idle tunnel closes after the route's idle_timeout (the
        // read timeout), as on the other targets.
        .addUpgradeConfigs(websocket.addFilters(router()))
        .build();
    return Filter.newBuilder().setName(HCM).setTypedConfig(ProtoValues.any(hcm)).build();
  }

  /**
   * The local reply mapper that answers 400 instead of the 404 Envoy sends, before routing, for a
   * {@code :path} that does not start with "/" (absolute-form and asterisk-form targets). A request
   * without {@code :path} matches no string matcher, inverted or not, so it keeps Envoy's answer.
   */
  static LocalReplyConfig nonRelativePathIs400() {
    AccessLogFilter status404 = AccessLogFilter.newBuilder().setStatusCodeFilter(StatusCodeFilter.newBuilder()
        .setComparison(ComparisonFilter.newBuilder()
            .setOp(ComparisonFilter.Op.EQ)
            .setValue(RuntimeUInt32.newBuilder().setDefaultValue(404).setRuntimeKey(NON_RELATIVE_STATUS_KEY))))
        .build();
    AccessLogFilter notRelative = AccessLogFilter.newBuilder().setHeaderFilter(HeaderFilter.newBuilder()
        .setHeader(HeaderMatcher.newBuilder()
            .setName(":path")
            .setStringMatch(StringMatcher.newBuilder().setPrefix("/"))
            .setInvertMatch(true)))
        .build();
    return LocalReplyConfig.newBuilder()
        .addMappers(ResponseMapper.newBuilder()
            .setFilter(AccessLogFilter.newBuilder().setAndFilter(AndFilter.newBuilder()
                .addFilters(status404)
                .addFilters(notRelative)))
            .setStatusCode(ProtoValues.uint32(400)))
        .build();
  }

  private static HttpFilter router() {
    return HttpFilter.newBuilder().setName(ROUTER).setTypedConfig(ProtoValues.any(Router.getDefaultInstance())).build();
  }

  /** xDS form: resources named here come over the aggregated stream; the bootstrap writer localizes them. */
  static ConfigSource ads() {
    return ConfigSource.newBuilder()
        .setAds(AggregatedConfigSource.getDefaultInstance())
        .setResourceApiVersion(ApiVersion.V3)
        .build();
  }
}
