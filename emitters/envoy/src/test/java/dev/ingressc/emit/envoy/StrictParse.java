package dev.ingressc.emit.envoy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;

/**
 * Parses emitted text back into Envoy's protos the strict way: unknown fields are errors (no
 * {@code ignoringUnknownFields}), and every {@code @type} must be in the emitter's TypeRegistry.
 */
final class StrictParse {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  private StrictParse() {}

  static Bootstrap bootstrap(String text) throws InvalidProtocolBufferException {
    return parse(text, Bootstrap.newBuilder());
  }

  static DiscoveryResponse discoveryResponse(String text) throws InvalidProtocolBufferException {
    return parse(text, DiscoveryResponse.newBuilder());
  }

  @SuppressWarnings("unchecked")
  static <T extends Message> T parse(String yamlOrJson, Message.Builder into) throws InvalidProtocolBufferException {
    String json;
    try {
      json = JSON.writeValueAsString(YAML.readTree(yamlOrJson)); // JSON is YAML too
    } catch (java.io.IOException e) {
      throw new InvalidProtocolBufferException("not YAML/JSON: " + e.getMessage());
    }
    JsonFormat.parser().usingTypeRegistry(EnvoyJson.TYPES).merge(json, into);
    return (T) into.build();
  }
}
