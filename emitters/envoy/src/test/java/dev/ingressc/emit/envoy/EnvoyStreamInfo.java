package dev.ingressc.emit.envoy;

import com.google.protobuf.Struct;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.LocalRateLimitDescriptor;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the interpreter keeps of one request's stream while its HTTP filters run, as far as a later
 * filter reads it: the downstream remote address the connection manager took
 * ({@link EnvoyClientAddressModel}), the dynamic metadata, namespace by namespace
 * (StreamInfo::setDynamicMetadata merges a filter's struct into its namespace's: "MergeFrom"), and
 * the local rate limit's bucket once that filter has run.
 */
final class EnvoyStreamInfo {
  private final Map<String, Struct> dynamicMetadata = new TreeMap<>();
  private Optional<LocalRateLimitDescriptor> bucket = Optional.empty();
  private boolean rateLimitRan;
  private Optional<EnvoyClientAddressModel.Remote> remote = Optional.empty();
  private Optional<Map<String, String>> requestHeaders = Optional.empty();
  private final java.util.List<java.util.function.UnaryOperator<EnvoyInterpreter.Answer>> encoders =
      new java.util.ArrayList<>();

  /** The request's header fields as the filters see them, from the connection manager on. */
  void requestHeaders(Map<String, String> fields) {
    requestHeaders = Optional.of(new TreeMap<>(fields));
  }

  /** The header fields as the filters left them so far; throws before the connection manager set them. */
  Map<String, String> requestHeaders() {
    return requestHeaders.orElseThrow(() -> new IllegalStateException("no request headers yet"));
  }

  /** An encoder filter's work on the answer to this request; encoders run last added first, as Envoy's. */
  void onAnswer(java.util.function.UnaryOperator<EnvoyInterpreter.Answer> encoder) {
    encoders.add(encoder);
  }

  /** {@code a} as the encoder filters leave it. */
  EnvoyInterpreter.Answer encode(EnvoyInterpreter.Answer a) {
    EnvoyInterpreter.Answer out = a;
    for (int i = encoders.size() - 1; i >= 0; i--) {
      out = encoders.get(i).apply(out);
    }
    return out;
  }

  /** The connection manager took {@code r} as the downstream remote address (downstreamAddressProvider). */
  void downstreamRemoteAddress(EnvoyClientAddressModel.Remote r) {
    remote = Optional.of(r);
  }

  /** The downstream remote address, once the connection manager took one. */
  Optional<EnvoyClientAddressModel.Remote> downstreamRemoteAddress() {
    return remote;
  }

  /** StreamInfo::setDynamicMetadata: {@code fields} merged into the namespace {@code name}. */
  void setDynamicMetadata(String name, Struct fields) {
    dynamicMetadata.merge(name, fields, (old, added) -> old.toBuilder().mergeFrom(added).build());
  }

  /** The dynamic metadata so far. */
  Map<String, Struct> dynamicMetadata() {
    return java.util.Collections.unmodifiableMap(dynamicMetadata);
  }

  void rateLimitBucket(Optional<LocalRateLimitDescriptor> d) {
    bucket = d;
    rateLimitRan = true;
  }

  /**
   * The configured descriptor whose bucket the local rate limit filter drew from (empty: the
   * default bucket); throws when that filter did not run on the request.
   */
  Optional<LocalRateLimitDescriptor> rateLimitBucket() {
    if (!rateLimitRan) {
      throw new IllegalStateException("the local rate limit filter did not run on this request");
    }
    return bucket;
  }
}
