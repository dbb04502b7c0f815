package dev.ingressc.emit.envoy;

import dev.ingressc.ir.Rewrite;
import dev.ingressc.ir.Route;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A route's rewrite in Envoy (SEMANTICS.md, Rewrites). Envoy rewrites the raw path
 * ({@code regex_rewrite}: RE2's GlobalReplace of the pattern in the path, the query kept): the
 * pattern is the route's rule-character regex anchored at the start, then the rest of the path, so
 * the whole path becomes the target, {@code \1}... its captures. Envoy cannot decode the path first,
 * so a first route answers 400 to a target whose path holds an escape of a rule character or a run
 * of slashes (or whose query is empty), as every target does. X-Forwarded-Prefix is a request
 * header the route adds, replacing the client's.
 */
final class EnvoyRewrites {
  static final String UNREWRITABLE_SUFFIX = " (unrewritable)";

  private EnvoyRewrites() {}

  /** {@code routes}, the ones {@code r} proxies with, rewritten; with the 400 route first when the path is rewritten. */
  static List<io.envoyproxy.envoy.config.route.v3.Route> apply(Route r, RouteMatch match, String name,
      List<io.envoyproxy.envoy.config.route.v3.Route> routes, com.google.protobuf.Any bufferOff) {
    if (r.rewrite().isEmpty()) {
      return routes;
    }
    Rewrite rw = r.rewrite().get();
    List<io.envoyproxy.envoy.config.route.v3.Route> out = new ArrayList<>();
    rw.target().ifPresent(t -> out.add(io.envoyproxy.envoy.config.route.v3.Route.newBuilder()
        .setName(name + UNREWRITABLE_SUFFIX)
        .setMatch(match.toBuilder().addHeaders(HeaderMatcher.newBuilder().setName(":path")
            .setStringMatch(StringMatcher.newBuilder()
                .setSafeRegex(RegexMatcher.newBuilder().setRegex(Rewrite.UNREWRITABLE_TARGET_FULL)))))
        .setDirectResponse(DirectResponseAction.newBuilder().setStatus(400))
        .putTypedPerFilterConfig(RouteTableBuilder.BUFFER_FILTER, bufferOff)
        .build()));
    for (io.envoyproxy.envoy.config.route.v3.Route route : routes) {
      if (!route.hasRoute()) {
        out.add(route); // 503: no backend receives the request
        continue;
      }
      io.envoyproxy.envoy.config.route.v3.Route.Builder b = route.toBuilder();
      rw.target().ifPresent(t -> b.getRouteBuilder().setRegexRewrite(RegexMatchAndSubstitute.newBuilder()
          .setPattern(RegexMatcher.newBuilder().setRegex(Rewrite.pathRegex(r.path(), true)))
          .setSubstitution(t.substitution("\\"))));
      rw.forwardedPrefix().ifPresent(p -> b.addRequestHeadersToAdd(HeaderValueOption.newBuilder()
          .setHeader(HeaderValue.newBuilder().setKey("X-Forwarded-Prefix").setValue(p))
          .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)));
      out.add(b.build());
    }
    return out;
  }
}
