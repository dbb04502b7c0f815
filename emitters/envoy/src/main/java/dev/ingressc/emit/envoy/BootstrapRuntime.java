package dev.ingressc.emit.envoy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.bootstrap.v3.LayeredRuntime;
import io.envoyproxy.envoy.config.bootstrap.v3.RuntimeLayer;

/**
 * The runtime every bootstrap carries (static and xDS): one static layer lifting RE2's program-size
 * limits. The route table matches a rule on the raw path by a pattern that grows with the rule's
 * length (every character may arrive escaped, {@code RequestTargets.rawPathRegex}), and the
 * refused-target pattern alone is larger than Envoy's default {@code re2.max_program_size.error_level}
 * of 100, above which Envoy rejects the whole route table. The limit guards against costly
 * operator-written patterns; ours are generated, linear in the rule's length, and RE2 matches in
 * linear time whatever their size (its own memory budget, {@code max_mem}, still applies). So both
 * levels are set to the largest value Envoy reads (the flags are uint32), which also keeps Envoy
 * from warning for every generated pattern. The value is written as a string, which Envoy's
 * runtime reads as a number too (a JSON number this large would print as 4.294967295E9).
 */
final class BootstrapRuntime {
  static final String LAYER = "ingressc";
  static final String ERROR_LEVEL = "re2.max_program_size.error_level";
  static final String WARN_LEVEL = "re2.max_program_size.warn_level";
  /** UINT32_MAX: Envoy keeps these levels as uint32 flags. */
  static final String MAX_PROGRAM_SIZE = "4294967295";

  private BootstrapRuntime() {}

  static LayeredRuntime layered() {
    return LayeredRuntime.newBuilder()
        .addLayers(RuntimeLayer.newBuilder()
            .setName(LAYER)
            .setStaticLayer(Struct.newBuilder()
                .putFields(ERROR_LEVEL, Value.newBuilder().setStringValue(MAX_PROGRAM_SIZE).build())
                .putFields(WARN_LEVEL, Value.newBuilder().setStringValue(MAX_PROGRAM_SIZE).build())))
        .build();
  }
}
