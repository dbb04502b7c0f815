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
 * translator uses: the route's {@code rate_limits} actions ({@code generic_key},
 * {@code remote_address} and {@code metadata} from dynamic metadata only) make the request's
 * descriptor, and the first configured descriptor whose entries all match it (as many entries, in
 * order, the same key, the configured value empty or equal: DynamicDescriptorMap::
 * matchDescriptorEntries; an exact match is looked up first, which for these configs is the same
 * one) holds its bucket; without one, the default bucket. Anything else throws.
 *
 * <p>The actions as Envoy's router_ratelimit.cc makes them, each in order appending one entry or
 * failing the whole descriptor (then the route sends none for that rate limit): generic_key
 * ({@code descriptor_key}, by default "generic_key", and its value); remote_address (the downstream
 * remote address: the connection's peer, or what the connection manager found in x-forwarded-for
 * behind trusted proxies, {@link EnvoyClientAddressModel});
 * metadata (MetaDataAction::populateDescriptor: the string at {@code metadata_key}, its key the
 * namespace and its path a chain of struct fields; when that is empty, the {@code default_value};
 * when that is empty too, the entry is left out if {@code skip_if_absent}, else the descriptor fails).
 */
final class EnvoyRateLimitModel {
  private EnvoyRateLimitModel() {}

  /** The configured descriptor whose bucket {@code req} on {@code route} draws from; empty: the default bucket. */
  static Optional<LocalRateLimitDescriptor> descriptor(LocalRateLimit config, Route route, EnvoyInterpreter.Request req,
      EnvoyStreamInfo info, List<String> trace) {
    java.util.Map<String, com.google.protobuf.Struct> dynamicMetadata = info.dynamicMetadata();
    if (config.getStage() != 0 || config.getLocalRateLimitPerDownstreamConnection()
        || config.getRequestHeadersToAddWhenNotEnforcedCount() > 0
        || config.getResponseHeadersToAddCount() > 0) {
      throw new UnsupportedOperationException("local rate limit feature not modelled: " + config);
    }
    List<List<String[]>> sent = new ArrayList<>();
    String remote = info.downstreamRemoteAddress().map(EnvoyClientAddressModel.Remote::literal).orElse(req.source());
    if (route.hasRoute()) {
      for (RateLimit rl : route.getRoute().getRateLimitsList()) {
        if (rl.hasStage() || !rl.getDisableKey().isEmpty() || rl.hasLimit() || rl.getApplyOnStreamDone()) {
          throw new UnsupportedOperationException("rate limit setting not modelled: " + rl);
        }
        List<String[]> entries = new ArrayList<>();
        boolean made = true;
        for (RateLimit.Action a : rl.getActionsList()) {
          switch (a.getActionSpecifierCase()) {
            case GENERIC_KEY -> entries.add(new String[] {a.getGenericKey().getDescriptorKey().isEmpty() ? "generic_key"
                : a.getGenericKey().getDescriptorKey(), a.getGenericKey().getDescriptorValue()});
            case REMOTE_ADDRESS -> entries.add(new String[] {"remote_address", remote});
            case METADATA -> made = metadata(a.getMetadata(), dynamicMetadata, entries, trace);
            default -> throw new UnsupportedOperationException("rate limit action not modelled: " + a);
          }
          if (!made) {
            break;
          }
        }
        if (made) {
          sent.add(entries);
        }
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

  /** MetaDataAction::populateDescriptor; false: the descriptor fails. */
  private static boolean metadata(RateLimit.Action.MetaData m, java.util.Map<String, com.google.protobuf.Struct> dynamic,
      List<String[]> entries, List<String> trace) {
    if (m.getSource() != RateLimit.Action.MetaData.Source.DYNAMIC) {
      throw new UnsupportedOperationException("rate limit metadata source not modelled: " + m.getSource());
    }
    String value = "";
    com.google.protobuf.Struct struct = dynamic.get(m.getMetadataKey().getKey());
    var path = m.getMetadataKey().getPathList();
    for (int i = 0; struct != null && i < path.size(); i++) {
      if (path.get(i).getSegmentCase() != io.envoyproxy.envoy.type.metadata.v3.MetadataKey.PathSegment.SegmentCase.KEY) {
        throw new UnsupportedOperationException("metadata path segment not modelled: " + path.get(i));
      }
      com.google.protobuf.Value v = struct.getFieldsMap().get(path.get(i).getKey());
      if (v == null) {
        break;
      }
      if (i == path.size() - 1) {
        value = v.getStringValue(); // a value of another kind reads as "" (Value::string_value)
      } else {
        struct = v.hasStructValue() ? v.getStructValue() : null;
      }
    }
    trace.add("rate limit metadata " + m.getMetadataKey().getKey() + " " + path.stream().map(s -> s.getKey()).toList()
        + ": " + (value.isEmpty() ? "absent" : value));
    if (!value.isEmpty()) {
      entries.add(new String[] {m.getDescriptorKey(), value});
    } else if (!m.getDefaultValue().isEmpty()) {
      entries.add(new String[] {m.getDescriptorKey(), m.getDefaultValue()});
    } else {
      return m.getSkipIfAbsent();
    }
    return true;
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
