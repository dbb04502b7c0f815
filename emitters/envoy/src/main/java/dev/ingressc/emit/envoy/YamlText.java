package dev.ingressc.emit.envoy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.IOException;
import java.util.Map;

/**
 * A JSON tree as block YAML, the text Jackson's YAML mapper writes for it (no document marker, no
 * split lines): two-space mappings, sequences at their key's indent, every string double-quoted
 * with SnakeYAML's escapes, keys plain ({@code '@type'} single-quoted; a tree with any other key goes
 * through Jackson). Jackson
 * runs each scalar through SnakeYAML's emitter, which at 50,000 clusters was half of a compile
 * (issue 19); this writes the same bytes directly. {@code YamlTextTest} holds the two together on
 * every golden input and on strings of every kind of character.
 */
final class YamlText {
  private static final StringQuotingChecker QUOTING = StringQuotingChecker.Default.instance();

  private YamlText() {}

  /** Keys written plain, as SnakeYAML writes them: a proto field name, a filter name, a policy name. */
  private static final java.util.regex.Pattern PLAIN_KEY = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,126}");
  /** The one key Envoy's JSON has that SnakeYAML quotes: an indicator character leads it. */
  private static final String TYPE_KEY = "@type";

  private static final JsonFactory JSON = new JsonFactory();

  /**
   * JSON text as the YAML Jackson's mapper writes for its tree, read token by token: no tree of
   * 50,000 clusters is built (issue 19: the tree and its copies kept the collector busy).
   */
  static String fromJson(String json) throws IOException {
    StringBuilder out = new StringBuilder(json.length());
    try (JsonParser p = JSON.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT
          && p.nextToken() != JsonToken.END_OBJECT) {
        mapping(p, 0, out);
        return out.toString();
      }
    } catch (NotSimple e) {
      // A key SnakeYAML might quote or write as an explicit key: Jackson decides.
    }
    return EnvoyJson.YAML.writeValueAsString(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
  }

  /** A key this class does not write as SnakeYAML would. */
  private static final class NotSimple extends RuntimeException {
    NotSimple() {
      super(null, null, false, false);
    }
  }

  /** The fields of an object whose first field name is the parser's current token. */
  private static void mapping(JsonParser p, int indent, StringBuilder out)
      throws IOException {
    boolean first = true;
    for (; p.currentToken() != JsonToken.END_OBJECT; p.nextToken(), first = false) {
      String k = p.currentName();
      Map<String, Boolean> judged = SIMPLE_KEYS.get();
      if (judged.size() > 4096) {
        judged.clear(); // a long-running sidecar never keeps more than a few thousand keys
      }
      if (!judged.computeIfAbsent(k, YamlText::simpleKey)) {
        throw new NotSimple();
      }
      if (!first) {
        pad(indent, out);
      }
      key(k, out);
      out.append(':');
      p.nextToken();
      value(p, indent, true, out);
    }
  }

  /** The items of an array whose first item's first token is the parser's current token. */
  private static void sequence(JsonParser p, int indent, StringBuilder out)
      throws IOException {
    boolean first = true;
    for (; p.currentToken() != JsonToken.END_ARRAY; p.nextToken(), first = false) {
      if (!first) {
        pad(indent, out);
      }
      out.append("- ");
      value(p, indent, false, out);
    }
  }

  /**
   * The value at the parser's current token, after {@code key:} when {@code afterKey} (a nested
   * block starts on the next line) or after a sequence's {@code - } (it starts on the same line).
   */
  private static void value(JsonParser p, int indent, boolean afterKey, StringBuilder out)
      throws IOException {
    JsonToken v = p.currentToken();
    String lead = afterKey ? " " : "";
    boolean object = v == JsonToken.START_OBJECT;
    if (!object && v != JsonToken.START_ARRAY) {
      out.append(lead);
      scalar(p, out);
      out.append('\n');
      return;
    }
    JsonToken next = p.nextToken();
    if (next == JsonToken.END_OBJECT || next == JsonToken.END_ARRAY) {
      out.append(lead).append(object ? "{}\n" : "[]\n");
      return;
    }
    // A mapping's fields are indented under its key; a sequence's dashes sit at its key's indent.
    int at = object || !afterKey ? indent + 2 : indent;
    if (afterKey) {
      out.append('\n');
      pad(at, out);
    }
    if (object) {
      mapping(p, at, out);
    } else {
      sequence(p, at, out);
    }
  }

  private static void scalar(JsonParser p, StringBuilder out) throws IOException {
    switch (p.currentToken()) {
      case VALUE_STRING -> doubleQuoted(p.getText(), out);
      case VALUE_NUMBER_INT -> out.append(p.getBigIntegerValue());
      case VALUE_NUMBER_FLOAT -> out.append(p.getDoubleValue());
      case VALUE_TRUE -> out.append("true");
      case VALUE_FALSE -> out.append("false");
      default -> out.append("null");
    }
  }

  /** Keys repeat (field names): each is judged once per thread. */
  private static final ThreadLocal<Map<String, Boolean>> SIMPLE_KEYS = ThreadLocal.withInitial(java.util.HashMap::new);

  private static boolean simpleKey(String k) {
    return PLAIN_KEY.matcher(k).matches() && !QUOTING.needToQuoteName(k) || k.equals(TYPE_KEY);
  }

  private static void key(String key, StringBuilder out) {
    out.append(key.equals(TYPE_KEY) ? "'@type'" : key);
  }

  /** SnakeYAML's double-quoted style: printable characters as they are, the rest escaped. */
  static void doubleQuoted(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      String escape = escape(cp);
      if (escape != null) {
        out.append('\\').append(escape);
      } else if (cp >= 0x20 && cp <= 0x7E || printable(cp)) {
        out.appendCodePoint(cp);
      } else if (cp <= 0xFF) {
        out.append("\\x").append(hex(cp, 2));
      } else if (cp <= 0xFFFF) {
        out.append("\\u").append(hex(cp, 4));
      } else {
        out.append("\\U").append(hex(cp, 8));
      }
    }
    out.append('"');
  }

  private static String escape(int cp) {
    return switch (cp) {
      case 0 -> "0";
      case 0x07 -> "a";
      case 0x08 -> "b";
      case 0x09 -> "t";
      case 0x0A -> "n";
      case 0x0B -> "v";
      case 0x0C -> "f";
      case 0x0D -> "r";
      case 0x1B -> "e";
      case '"' -> "\"";
      case '\\' -> "\\";
      case 0x85 -> "N";
      case 0xA0 -> "_";
      case 0x2028 -> "L";
      case 0x2029 -> "P";
      default -> null;
    };
  }

  /** YAML's printable set beyond ASCII (SnakeYAML's StreamReader.isPrintable). */
  private static boolean printable(int cp) {
    return cp >= 0xA0 && cp <= 0xD7FF || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000 && cp <= 0x10FFFF;
  }

  private static void pad(int indent, StringBuilder out) {
    for (int i = 0; i < indent; i++) {
      out.append(' ');
    }
  }

  private static String hex(int v, int digits) {
    String h = Integer.toHexString(v); // lower case, as SnakeYAML writes it
    return "0".repeat(Math.max(0, digits - h.length())) + h;
  }
}
