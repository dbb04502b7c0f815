package dev.ingressc.emit.envoy;

import dev.ingressc.emit.envoy.EnvoyInterpreter.Answer;
import dev.ingressc.emit.envoy.EnvoyInterpreter.Outcome;
import dev.ingressc.emit.envoy.EnvoyInterpreter.Request;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLogFilter;
import io.envoyproxy.envoy.config.accesslog.v3.ComparisonFilter;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.bootstrap.v3.RuntimeLayer;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.ResponseMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The interpreter's model of the status Envoy gives its own answers: the local reply mappers. */
final class EnvoyLocalReplies {
  private final Bootstrap bootstrap;

  /** @param bootstrap whose static runtime layers a status code filter may read */
  EnvoyLocalReplies(Bootstrap bootstrap) {
    this.bootstrap = bootstrap;
  }

  /**
   * The connection manager's local_reply_config (http_connection_manager.proto, LocalReplyConfig):
   * every reply Envoy makes itself (before routing, direct responses, redirects, the upgrade 403,
   * the router's 404) passes the mappers, which "will be checked by the specified order until one
   * is matched"; a matching mapper's {@code status_code} replaces the status and its headers_to_add
   * are set on the answer. A forwarded answer is
   * the backend's and is not mapped.
   */
  Answer apply(HttpConnectionManager hcm, Request req, Answer a, EnvoyStreamInfo info) {
    if (a.status() == 0 || a.outcome() == Outcome.FORWARDED || !hcm.hasLocalReplyConfig()) {
      return a;
    }
    for (ResponseMapper m : hcm.getLocalReplyConfig().getMappersList()) {
      if (accessLogFilter(m.getFilter(), req, a.status(), info)) {
        int status = m.hasStatusCode() ? m.getStatusCode().getValue() : a.status();
        List<String> trace = new ArrayList<>(a.trace());
        trace.add("local reply mapper: " + a.status() + " becomes " + status);
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>(a.responseHeaders());
        for (HeaderValueOption h : m.getHeadersToAddList()) {
          addHeader(headers, h, a.route());
        }
        return new Answer(a.outcome(), status, a.cluster(), a.endpoints(), a.location(), a.certificatePem(), a.route(),
            trace, a.upgrade(), a.weights(), a.rewrittenTarget(), a.headersAdded(), a.forwarded(), headers,
            a.responseHeadersRemoved());
      }
    }
    return a;
  }

  /**
   * A mapper's headers_to_add (HeaderParser::evaluateHeaders): only OVERWRITE_IF_EXISTS_OR_ADD, which
   * replaces a field of that name in any case; of the substitution formatter only literal text
   * ({@code %%} for {@code %}) and {@code %METADATA(ROUTE:namespace:key)%} (a built-in command since
   * Envoy 1.34), a string value of the matched route's metadata, nothing when absent; a value that
   * comes out empty adds nothing (keep_empty_value false). Anything else throws.
   */
  private static void addHeader(java.util.Map<String, String> headers, HeaderValueOption h,
      Optional<io.envoyproxy.envoy.config.route.v3.Route> route) {
    if (h.getAppendAction() != HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD || h.hasAppend()
        || h.getKeepEmptyValue()) {
      throw new UnsupportedOperationException("local reply header option not modelled: " + h);
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("%%|%METADATA\\(ROUTE:([^:%()]+):([^:%()]+)\\)%|%")
        .matcher(h.getHeader().getValue());
    StringBuilder value = new StringBuilder();
    int last = 0;
    while (m.find()) {
      value.append(h.getHeader().getValue(), last, m.start());
      if (m.group().equals("%%")) {
        value.append('%');
      } else if (m.group(1) != null) {
        com.google.protobuf.Struct ns = route.map(r -> r.getMetadata().getFilterMetadataMap().get(m.group(1)))
            .orElse(null);
        com.google.protobuf.Value v = ns == null ? null : ns.getFieldsMap().get(m.group(2));
        if (v != null && !v.hasStringValue()) {
          throw new UnsupportedOperationException("route metadata other than a string: " + v);
        }
        value.append(v == null ? "" : v.getStringValue());
      } else {
        throw new UnsupportedOperationException("formatter not modelled in " + h.getHeader().getValue());
      }
      last = m.end();
    }
    value.append(h.getHeader().getValue().substring(last));
    if (value.isEmpty()) {
      return;
    }
    headers.keySet().removeIf(k -> k.equalsIgnoreCase(h.getHeader().getKey()));
    headers.put(h.getHeader().getKey(), value.toString());
  }

  /**
   * An access log filter over a local reply (accesslog.proto): and_filter (all), or_filter (any),
   * status_code_filter (a ComparisonFilter: EQ, GE or LE against a RuntimeUInt32, whose
   * runtime_key is read from the bootstrap's static runtime layers, else default_value) and
   * header_filter (a HeaderMatcher on the request headers) and metadata_filter (the dynamic
   * metadata's value at the matcher's namespace and path equals a bool_match, else
   * {@code match_if_key_not_found}, true unless set: access_log_impl.cc MetadataFilter, which reads
   * only the matcher's value, not its {@code invert}). Any other filter throws.
   */
  private boolean accessLogFilter(AccessLogFilter f, Request req, int status, EnvoyStreamInfo info) {
    return switch (f.getFilterSpecifierCase()) {
      case AND_FILTER -> f.getAndFilter().getFiltersList().stream()
          .allMatch(x -> accessLogFilter(x, req, status, info));
      case OR_FILTER -> f.getOrFilter().getFiltersList().stream()
          .anyMatch(x -> accessLogFilter(x, req, status, info));
      case METADATA_FILTER -> metadataFilter(f.getMetadataFilter(), info);
      case STATUS_CODE_FILTER -> {
        ComparisonFilter c = f.getStatusCodeFilter().getComparison();
        long value = runtimeInteger(c.getValue().getRuntimeKey()).orElse((long) c.getValue().getDefaultValue());
        yield switch (c.getOp()) {
          case EQ -> status == value;
          case GE -> status >= value;
          case LE -> status <= value;
          default -> throw new UnsupportedOperationException("comparison " + c.getOp());
        };
      }
      case HEADER_FILTER -> EnvoyRouteMatching.headerMatches(f.getHeaderFilter().getHeader(), req.host(), req.path(),
          req.headers());
      default -> throw new UnsupportedOperationException("access log filter " + f.getFilterSpecifierCase());
    };
  }

  private static boolean metadataFilter(io.envoyproxy.envoy.config.accesslog.v3.MetadataFilter f,
      EnvoyStreamInfo info) {
    var m = f.getMatcher();
    if (m.getPathCount() != 1 || !m.getValue().hasBoolMatch() || m.getInvert()) {
      throw new UnsupportedOperationException("metadata filter not modelled: " + f);
    }
    com.google.protobuf.Struct ns = info.dynamicMetadata().get(m.getFilter());
    com.google.protobuf.Value v = ns == null ? null : ns.getFieldsMap().get(m.getPath(0).getKey());
    if (v == null) {
      return !f.hasMatchIfKeyNotFound() || f.getMatchIfKeyNotFound().getValue();
    }
    return v.hasBoolValue() && v.getBoolValue() == m.getValue().getBoolMatch();
  }

  /** A runtime value from the bootstrap's static layers; later layers override earlier ones. */
  private Optional<Long> runtimeInteger(String key) {
    Optional<Long> value = Optional.empty();
    for (RuntimeLayer l : bootstrap.getLayeredRuntime().getLayersList()) {
      if (!l.hasStaticLayer()) {
        throw new UnsupportedOperationException("runtime layer " + l.getLayerSpecifierCase());
      }
      var v = l.getStaticLayer().getFieldsMap().get(key);
      if (v != null) {
        // A number, or a string Envoy parses as one (runtime_impl.cc, parseEntryDoubleValue).
        value = Optional.of(v.hasStringValue() ? (long) Double.parseDouble(v.getStringValue()) : (long) v.getNumberValue());
      }
    }
    return value;
  }
}
