package dev.ingressc.emit.envoy;

import io.envoyproxy.envoy.config.route.v3.RateLimit;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.LocalRateLimitDescriptor;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local rate limit filter as local_rate_limit.proto documents it, for the features the
 * translator uses: the route's {@code rate_limits} actions ({@code generic_key} and
 * {@code remote_address} only) make the request's descriptor, and the first configured descriptor
 * whose entries all match it (an entry without a value matches any) holds its bucket; without one,
 * the default bucket. Anything else throws.
 */
final class EnvoyRateLimitModel {
  private EnvoyRateLimitModel() {}

  /** The configured descriptor whose bucket {@code req} on {@code route} draws from; empty: the default bucket. */
  static Optional<LocalRateLimitDescriptor> descriptor(LocalRateLimit config, Route route, EnvoyInterpreter.Request req,
      List<String> trace) {
    if (config.getStage() != 0 || config.getLocalRateLimitPerDownstreamConnection()
        || config.getRequestHeadersToAddWhenNotEnforcedCount() > 0
        || config.getResponseHeadersToAddCount() > 0) {
      throw new UnsupportedOperationException("local rate limit feature not modelled: " + config);
    }
    List<List<String[]>> sent = new ArrayList<>();
    if (route.hasRoute()) {
      for (RateLimit rl : route.getRoute().getRateLimitsList()) {
        List<String[]> entries = new ArrayList<>();
        for (RateLimit.Action a : rl.getActionsList()) {
          switch (a.getActionSpecifierCase()) {
            case GENERIC_KEY -> entries.add(new String[] {a.getGenericKey().getDescriptorKey().isEmpty() ? "generic_key"
                : a.getGenericKey().getDescriptorKey(), a.getGenericKey().getDescriptorValue()});
            case REMOTE_ADDRESS -> entries.add(new String[] {"remote_address", req.source()});
            default -> throw new UnsupportedOperationException("rate limit action not modelled: " + a);
          }
        }
        sent.add(entries);
      }
    }
    for (List<String[]> entries : sent) {
      for (LocalRateLimitDescriptor d : config.getDescriptorsList()) {
        if (matches(d, entries)) {
          trace.add("local rate limit: the bucket of " + d.getEntriesList().stream()
              .map(e -> e.getKey() + "=" + (e.getValue().isEmpty() ? "*" : e.getValue())).toList()
              + " for this client, full for one request");
          return Optional.of(d);
        }
      }
    }
    trace.add("local rate limit: the default bucket");
    return Optional.empty();
  }

  private static boolean matches(LocalRateLimitDescriptor d, List<String[]> entries) {
    if (d.getEntriesCount() != entries.size()) {
      return false;
    }
    for (int i = 0; i < entries.size(); i++) {
      var e = d.getEntries(i);
      if (!e.getKey().equals(entries.get(i)[0]) || !e.getValue().isEmpty() && !e.getValue().equals(entries.get(i)[1])) {
        return false;
      }
    }
    return true;
  }
}
