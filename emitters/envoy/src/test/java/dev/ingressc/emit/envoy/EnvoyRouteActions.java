package dev.ingressc.emit.envoy;

import dev.ingressc.emit.envoy.EnvoyInterpreter.Answer;
import dev.ingressc.emit.envoy.EnvoyInterpreter.Outcome;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The interpreter's model of what a matched route does: answer directly, redirect (building the
 * Location as Envoy does), or forward to a cluster with its path rewrite and added headers.
 */
final class EnvoyRouteActions {
  private EnvoyRouteActions() {}

  /** The answer of route {@code r} to a request for {@code path} with this Host, over scheme {@code xfp}. */
  static Answer act(Bootstrap bootstrap, Route r, String hostHeader, String path, String xfp,
      Optional<String> certificate, List<String> trace) {
    switch (r.getActionCase()) {
      case DIRECT_RESPONSE -> {
        int status = r.getDirectResponse().getStatus();
        trace.add("direct response " + status);
        return new Answer(Outcome.DIRECT_RESPONSE, status, Optional.empty(), List.of(), Optional.empty(), certificate,
            Optional.of(r), trace);
      }
      case REDIRECT -> {
        RedirectAction ra = r.getRedirect();
        String location = redirectLocation(ra, hostHeader, path, xfp);
        int status = switch (ra.getResponseCode()) {
          case MOVED_PERMANENTLY -> 301;
          case FOUND -> 302;
          case SEE_OTHER -> 303;
          case TEMPORARY_REDIRECT -> 307;
          case PERMANENT_REDIRECT -> 308;
          default -> throw new IllegalStateException("redirect code " + ra.getResponseCode());
        };
        trace.add("redirect " + status + " " + location);
        return new Answer(Outcome.REDIRECT, status, Optional.empty(), List.of(), Optional.of(location), certificate,
            Optional.of(r), trace);
      }
      case ROUTE -> {
        // weighted_clusters (route_components.proto, WeightedCluster): "the request is routed to one
        // of the upstream clusters based on weights"; with total_weight unset the weights' sum is the
        // total. The answer carries every weight; its cluster is the heaviest.
        java.util.Map<String, Integer> weights = new java.util.LinkedHashMap<>();
        String name = r.getRoute().getCluster();
        if (r.getRoute().hasWeightedClusters()) {
          var wc = r.getRoute().getWeightedClusters();
          if (wc.hasTotalWeight() || !wc.getRuntimeKeyPrefix().isEmpty() || !wc.getHeaderName().isEmpty()) {
            throw new UnsupportedOperationException("weighted_clusters options the interpreter does not know: " + wc);
          }
          int best = -1;
          for (var cw : wc.getClustersList()) {
            weights.put(cw.getName(), cw.getWeight().getValue());
            if (cw.getWeight().getValue() > best) {
              best = cw.getWeight().getValue();
              name = cw.getName();
            }
          }
          trace.add("weighted clusters " + weights);
        }
        Cluster c = EnvoyClusters.named(bootstrap, name, "route");
        List<String> endpoints = EnvoyClusters.endpoints(c);
        trace.add("cluster " + name + " " + endpoints);
        return new Answer(Outcome.FORWARDED, 0, Optional.of(c), endpoints, Optional.empty(), certificate,
            Optional.of(r), trace, Optional.empty(), weights, rewrite(r.getRoute(), path, trace),
            headersAdded(r, trace), java.util.Map.of());
      }
      default -> throw new UnsupportedOperationException("route action " + r.getActionCase());
    }
  }

  /**
   * The path rewrite of a route action (route_components.proto, RouteAction): {@code regex_rewrite}
   * "matches the pattern against the path portion of the URL (the query string excluded) and
   * replaces all matching sections with the substitution", which may hold {@code \1}... (RE2's
   * GlobalReplace); the query is kept. {@code prefix_rewrite} is not used by ingressc and throws.
   */
  static Optional<String> rewrite(io.envoyproxy.envoy.config.route.v3.RouteAction a, String target,
      List<String> trace) {
    if (!a.getPrefixRewrite().isEmpty() || a.hasPathRewritePolicy()) {
      throw new UnsupportedOperationException("path rewrites other than regex_rewrite: " + a);
    }
    if (!a.hasRegexRewrite()) {
      return Optional.empty();
    }
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String sub = a.getRegexRewrite().getSubstitution();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(a.getRegexRewrite().getPattern().getRegex()).matcher(path);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      if (m.end() == m.start()) {
        throw new UnsupportedOperationException("an empty match of regex_rewrite is not modelled");
      }
      out.append(path, last, m.start());
      for (int i = 0; i < sub.length(); i++) {
        char c = sub.charAt(i);
        if (c != '\\') {
          out.append(c);
        } else if (i + 1 < sub.length() && Character.isDigit(sub.charAt(i + 1))) {
          String g = m.group(sub.charAt(++i) - '0');
          out.append(g == null ? "" : g);
        } else if (i + 1 < sub.length() && sub.charAt(i + 1) == '\\') {
          out.append('\\');
          i++;
        } else {
          throw new IllegalStateException("RE2 refuses the rewrite string " + sub);
        }
      }
      last = m.end();
    }
    String rewritten = out.append(path.substring(last)) + (q < 0 ? "" : target.substring(q));
    trace.add("regex_rewrite to " + rewritten);
    return Optional.of(rewritten);
  }

  /**
   * The route's response_headers_to_add as the answer carries them, in order (only
   * OVERWRITE_IF_EXISTS_OR_ADD is modelled, and of the substitution formatter only a whole value
   * {@code %REQ(name)%}: the request's field, the header left out when the request has none, as
   * Envoy leaves out a header whose value comes out empty).
   */
  static java.util.Map<String, String> responseHeaders(Route r, EnvoyInterpreter.Request req) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    java.util.regex.Pattern fromRequest = java.util.regex.Pattern.compile("%REQ\\(([A-Za-z0-9-]+)\\)%");
    for (var h : r.getResponseHeadersToAddList()) {
      String v = h.getHeader().getValue();
      if (h.getAppendAction() != io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction
          .OVERWRITE_IF_EXISTS_OR_ADD || v.contains("%") && !fromRequest.matcher(v).matches()) {
        throw new UnsupportedOperationException("response header option not modelled: " + h);
      }
      java.util.regex.Matcher m = fromRequest.matcher(v);
      String value = m.matches() ? req.headers().get(m.group(1).toLowerCase(java.util.Locale.ROOT)) : v;
      if (value != null && !value.isEmpty()) {
        out.put(h.getHeader().getKey(), value);
      }
    }
    return out;
  }

  /** The route's request_headers_to_add (lower-case names; only OVERWRITE_IF_EXISTS_OR_ADD is modelled). */
  static java.util.Map<String, String> headersAdded(Route r, List<String> trace) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    for (var h : r.getRequestHeadersToAddList()) {
      if (h.getAppendAction() != io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction
          .OVERWRITE_IF_EXISTS_OR_ADD || h.getHeader().getValue().contains("%")) {
        throw new UnsupportedOperationException("request header option not modelled: " + h);
      }
      out.put(h.getHeader().getKey().toLowerCase(java.util.Locale.ROOT), h.getHeader().getValue());
      trace.add("request header " + h.getHeader().getKey() + ": " + h.getHeader().getValue());
    }
    return out;
  }

  /**
   * The Location of a redirect (route_components.proto, RedirectAction: https_redirect swaps the
   * scheme; host_redirect, port_redirect swap host and port). Without host_redirect the request's
   * Host is kept, and its port is dropped when port_redirect is set, or when the scheme changes
   * and the port is the old scheme's default (":80" from http, ":443" from https), as Envoy's
   * Http::Utility::newUri / processRequestHost do. The path and query are kept, unless
   * {@code path_redirect} replaces them (route_components.proto: a query in it overrides the
   * request's, else the request's is kept) and {@code strip_query} drops the request's query.
   * {@code regex_rewrite} rewrites every match in the path without its query (RE2's GlobalReplace,
   * {@code \N} the N-th group), the query kept, as route_components.proto documents it.
   */
  static String redirectLocation(RedirectAction ra, String hostHeader, String path, String xfp) {
    if (!ra.getPrefixRewrite().isEmpty()) {
      throw new UnsupportedOperationException("path rewriting in a redirect: " + ra);
    }
    int q = path.indexOf('?');
    String query = q < 0 || ra.getStripQuery() ? "" : path.substring(q);
    if (ra.hasRegexRewrite()) {
      String p = q < 0 ? path : path.substring(0, q);
      path = Pattern.compile(ra.getRegexRewrite().getPattern().getRegex(), Pattern.UNIX_LINES).matcher(p)
          .replaceAll(ra.getRegexRewrite().getSubstitution().replaceAll("\\\\([0-9])", "\\$$1")) + query;
    } else if (!ra.getPathRedirect().isEmpty()) {
      path = ra.getPathRedirect() + (ra.getPathRedirect().contains("?") ? "" : query);
    } else {
      path = (q < 0 ? path : path.substring(0, q)) + query;
    }
    String scheme = !ra.getSchemeRedirect().isEmpty() ? ra.getSchemeRedirect() : ra.getHttpsRedirect() ? "https" : xfp;
    String port = ra.getPortRedirect() > 0 ? ":" + ra.getPortRedirect() : "";
    String host;
    if (!ra.getHostRedirect().isEmpty()) {
      host = ra.getHostRedirect();
    } else {
      host = hostHeader;
      int portStart = EnvoyRouteMatching.portStart(hostHeader);
      if (portStart >= 0) {
        String requestPort = hostHeader.substring(portStart);
        boolean remove = !port.isEmpty();
        if (!scheme.equals(xfp)) {
          remove |= xfp.equals("https") && requestPort.equals(":443");
          remove |= xfp.equals("http") && requestPort.equals(":80");
        }
        if (remove) {
          host = hostHeader.substring(0, portStart);
        }
      }
    }
    return scheme + "://" + host + port + (path.startsWith("/") ? path : "/" + path);
  }
}
