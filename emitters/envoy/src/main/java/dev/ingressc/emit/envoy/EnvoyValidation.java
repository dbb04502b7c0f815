package dev.ingressc.emit.envoy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.util.Optional;

/**
 * The proto check of a resource before it is served: it prints through {@link EnvoyJson#TYPES}
 * (every {@code Any} must hold a registered type whose bytes parse) and parses back with the strict
 * parser (no unknown fields, no unknown {@code @type}); the result must equal the original, so
 * fields the typed API does not know (unknown binary fields) fail too. This is the same strict
 * parse the module's tests apply to every emitted file.
 */
public final class EnvoyValidation {
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().usingTypeRegistry(EnvoyJson.TYPES);
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().usingTypeRegistry(EnvoyJson.TYPES);

  private EnvoyValidation() {}

  /**
   * Empty when {@code m} survives the strict round trip, else why not. The reason never contains
   * field values (a Secret's key must not reach a log), only the parser's complaint about structure
   * for non-secret types.
   *
   * @param redact true for resources holding key material: the reason is then only generic
   */
  public static Optional<String> strictRoundTrip(Message m, boolean redact) {
    String json;
    try {
      json = PRINTER.print(m);
    } catch (InvalidProtocolBufferException e) {
      return Optional.of(redact ? "does not print through the type registry" : "does not print: " + e.getMessage());
    }
    Message.Builder back = m.newBuilderForType();
    try {
      PARSER.merge(json, back);
    } catch (InvalidProtocolBufferException e) {
      return Optional.of(redact ? "does not parse strictly" : "does not parse strictly: " + e.getMessage());
    }
    if (!back.build().equals(m)) {
      return Optional.of("changes in a strict round trip (unknown or unregistered fields)");
    }
    return Optional.empty();
  }
}
