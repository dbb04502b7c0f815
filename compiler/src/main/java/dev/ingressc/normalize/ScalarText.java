package dev.ingressc.normalize;

import com.fasterxml.jackson.databind.JsonNode;

/** The text of a setting given as a YAML or JSON scalar, and the words for what else it was. */
final class ScalarText {
  private ScalarText() {}

  /** A string, a whole number or true/false as its text; null for anything else (null, lists, maps, fractions). */
  static String of(JsonNode v) {
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isIntegralNumber() || v.isBoolean()) {
      return v.asText();
    }
    return null;
  }

  static String describe(JsonNode v) {
    if (v.isNull() || v.isMissingNode()) {
      return "null";
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isObject()) {
      return "a map";
    }
    if (v.isNumber()) {
      return "the number " + v.asText();
    }
    return "a " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
