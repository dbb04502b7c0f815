package dev.ingressc.emit.envoy;

import dev.ingressc.emit.envoy.EnvoyInterpreter.Answer;
import dev.ingressc.emit.envoy.EnvoyInterpreter.Outcome;
import dev.ingressc.emit.envoy.EnvoyInterpreter.Request;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.List;
import java.util.Optional;

/**
 * The interpreter's model of what the HTTP/1 codec and the connection manager do to a request
 * before a route is picked: drop an h2c upgrade, refuse a target they cannot route, and rewrite
 * the Host the route table sees.
 */
final class EnvoyBeforeRouting {
  private EnvoyBeforeRouting() {}

  /**
   * Envoy's HTTP/1 codec (http1/codec_impl.cc, onHeadersCompleteBase) ignores an h2c upgrade,
   * compared case-insensitively: "Ignore h2c upgrade requests until we support them", it removes
   * Upgrade, the upgrade and http2-settings Connection tokens and HTTP2-Settings, so the request
   * goes on as a plain HTTP/1.1 one. Every listener of ours speaks HTTP/1.1 to such a client.
   */
  static Request withoutH2cUpgrade(Request req, List<String> trace) {
    if (req.upgrade().isEmpty() || !req.upgrade().get().equalsIgnoreCase("h2c")) {
      return req;
    }
    trace.add("HTTP/1 codec removes the h2c upgrade");
    return new Request(req.port(), req.tls(), req.sni(), req.host(), req.path(), Optional.empty(), req.headers(),
        req.source(), req.body(), req.method());
  }

  /**
   * What the HTTP/1 codec and the connection manager do to {@code :path} before routing
   * (http1/codec_impl.cc ServerConnectionImpl::handlePath; conn_manager_impl.cc
   * ActiveStream::decodeHeaders):
   *
   * <ul>
   *   <li>With {@code allow_absolute_url} false the codec keeps a target that does not start with
   *       "/" as the {@code :path} ("If absolute_urls and/or connect are not going be handled, copy
   *       the url and return"), and so keeps {@code *}. The default is true
   *       (Http1Settings: {@code PROTOBUF_GET_WRAPPED_OR_DEFAULT(config, allow_absolute_url, true)}),
   *       which rewrites the Host and the path from the URL: not modelled, so it throws.
   *   <li>"Currently we only support relative paths at the application layer": a {@code :path} not
   *       starting with "/" gets a local 404 (details {@code absolute_path}), before the route is
   *       picked and before an upgrade is checked.
   *   <li>A {@code #} in the path is refused with 400 (since 1.23, runtime guard
   *       {@code envoy.reloadable_features.http_reject_path_with_fragment}, on by default).
   *   <li>Path normalization, slash merging and escaped-slash handling would rewrite {@code :path};
   *       the interpreter models only their absence, and throws otherwise.
   * </ul>
   *
   * A target the codec itself refuses (bytes outside printable ASCII) is not modelled: the codec's
   * answer is 400 too, as the refused-target route's is.
   */
  static Optional<Answer> refusal(HttpConnectionManager hcm, Request req, Optional<String> certificate,
      List<String> trace) {
    if (hcm.getNormalizePath().getValue() || hcm.getMergeSlashes()
        || hcm.getPathWithEscapedSlashesAction() != HttpConnectionManager.PathWithEscapedSlashesAction.KEEP_UNCHANGED) {
      throw new UnsupportedOperationException("path normalization is not modelled: normalize_path "
          + hcm.getNormalizePath().getValue() + ", merge_slashes " + hcm.getMergeSlashes() + ", "
          + hcm.getPathWithEscapedSlashesAction());
    }
    String path = req.path();
    if (!path.startsWith("/")) {
      var http1 = hcm.getHttpProtocolOptions();
      if (!http1.hasAllowAbsoluteUrl() || http1.getAllowAbsoluteUrl().getValue()) {
        throw new UnsupportedOperationException("allow_absolute_url is not false: absolute URLs are not modelled");
      }
      trace.add(":path " + path + " is not relative: the connection manager answers 404");
      return Optional.of(new Answer(Outcome.REFUSED_BEFORE_ROUTING, 404, Optional.empty(), List.of(), Optional.empty(),
          certificate, Optional.empty(), trace));
    }
    if (path.indexOf('#') >= 0) {
      trace.add(":path holds a fragment: the connection manager answers 400");
      return Optional.of(new Answer(Outcome.REFUSED_BEFORE_ROUTING, 400, Optional.empty(), List.of(), Optional.empty(),
          certificate, Optional.empty(), trace));
    }
    return Optional.empty();
  }

  /**
   * The Host the route table sees: strip_any_host_port and strip_trailing_host_dot rewrite it
   * before routing (http_connection_manager.proto); the translator sets neither, but honour them if set.
   */
  static String routedHost(HttpConnectionManager hcm, String hostHeader) {
    if (hcm.getStripAnyHostPort()) {
      hostHeader = EnvoyRouteMatching.hostWithoutPort(hostHeader);
    }
    if (hcm.getStripTrailingHostDot()) {
      hostHeader = stripTrailingDot(hostHeader);
    }
    return hostHeader;
  }

  private static String stripTrailingDot(String host) {
    int p = EnvoyRouteMatching.portStart(host);
    String name = p < 0 ? host : host.substring(0, p);
    String port = p < 0 ? "" : host.substring(p);
    return (name.endsWith(".") ? name.substring(0, name.length() - 1) : name) + port;
  }
}
