package dev.ingressc.load;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading into the Kubernetes model as the API server does, and saying in a user's words why a
 * value does not fit: no Java type or parser token may reach a diagnostic.
 */
final class SchemaWords {
  private static final Pattern TOKEN = Pattern.compile("JsonToken\\.([A-Z_]+)");
  private static final Pattern COERCE = Pattern.compile("Cannot coerce (\\S+) value \\(([^)]*)\\)");

  private SchemaWords() {}

  /**
   * A mapper that refuses what Kubernetes refuses instead of converting it: a fraction for a whole
   * number ({@code port.number: 80.9} is not 80), a number or true/false for a string ({@code host:
   * yes} is a boolean in YAML), a string for a number or a boolean.
   */
  static ObjectMapper strictMapper() {
    ObjectMapper m = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
    m.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    return m;
  }

  /** Why the value at the exception's path does not fit, e.g. "must be a string, not a list". */
  static String problem(JsonMappingException e) {
    String want = e instanceof MismatchedInputException m && m.getTargetType() != null ? wanted(m.getTargetType()) : "";
    String got = found(e);
    if (want.isEmpty()) {
      return got.isEmpty() ? "has a value of the wrong type" : "cannot be " + got;
    }
    return "must be " + want + (got.isEmpty() ? "" : ", not " + got);
  }

  private static String wanted(Class<?> t) {
    if (t == String.class || t == Character.class || t == char.class) {
      return "a string";
    }
    if (t == Integer.class || t == int.class || t == Long.class || t == long.class || t == Short.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(t)) {
      return "a number";
    }
    if (t == Boolean.class || t == boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(t) || t.isArray()) {
      return "a list";
    }
    if (t.getSimpleName().equals("IntOrString")) {
      return "a port number or a name";
    }
    if (t.getSimpleName().equals("Quantity")) {
      return "a quantity";
    }
    return Map.class.isAssignableFrom(t) || t.getName().startsWith("io.fabric8.") ? "a map of fields" : "";
  }

  private static String found(JsonMappingException e) {
    if (e instanceof InvalidFormatException f && f.getValue() != null) {
      Object v = f.getValue();
      if (v instanceof String s) {
        return "the string " + dev.ingressc.validate.Names.quote(s);
      }
      if (v instanceof Boolean b) {
        return "the boolean " + b + " (quote it to make it a string)";
      }
      if (v instanceof Double || v instanceof Float || v instanceof java.math.BigDecimal) {
        return "the number " + v + " (a fraction)";
      }
      return v instanceof Number ? "the number " + v : "";
    }
    String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    Matcher c = COERCE.matcher(msg);
    if (c.find()) {
      return switch (c.group(1)) {
        case "Floating-point" -> "the number " + c.group(2) + " (a fraction)";
        case "Integer" -> "the number " + c.group(2);
        case "Boolean" -> "the boolean " + c.group(2) + " (quote it to make it a string)";
        case "String" -> "the string " + c.group(2);
        default -> "";
      };
    }
    Matcher t = TOKEN.matcher(msg);
    String token = t.find() ? t.group(1) : "";
    if (token.isEmpty()) {
      token = msg.contains("from Array value") ? "START_ARRAY" : msg.contains("from Object value") ? "START_OBJECT" : "";
    }
    return switch (token) {
      case "START_ARRAY" -> "a list";
      case "START_OBJECT" -> "a map";
      case "VALUE_STRING" -> "a string";
      case "VALUE_NUMBER_INT" -> "a whole number";
      case "VALUE_NUMBER_FLOAT" -> "a number with a fraction";
      case "VALUE_TRUE", "VALUE_FALSE" -> "true or false (quote it to make it a string)";
      case "VALUE_NULL" -> "null";
      default -> "";
    };
  }
}
