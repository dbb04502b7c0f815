package dev.ingressc.emit.envoy;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
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

  private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

  /**
   * JSON text as the YAML Jackson's mapper writes for its tree, read token by token: no tree of
   * 50,000 clusters is built (issue 19: the tree and its copies kept the collector busy).
   */
  static String fromJson(String json) throws java.io.IOException {
    StringBuilder out = new StringBuilder(json.length());
    try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser(json)) {
      com.fasterxml.jackson.core.JsonToken t = p.nextToken();
      if (t == com.fasterxml.jackson.core.JsonToken.START_OBJECT
          && p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_OBJECT) {
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
  private static void mapping(com.fasterxml.jackson.core.JsonParser p, int indent, StringBuilder out)
      throws java.io.IOException {
    boolean first = true;
    for (; p.currentToken() != com.fasterxml.jackson.core.JsonToken.END_OBJECT; p.nextToken(), first = false) {
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
      com.fasterxml.jackson.core.JsonToken v = p.nextToken();
      if (v == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        if (p.nextToken() == com.fasterxml.jackson.core.JsonToken.END_OBJECT) {
          out.append(" {}\n");
        } else {
          out.append('\n');
          pad(indent + 2, out);
          mapping(p, indent + 2, out);
        }
      } else if (v == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
        if (p.nextToken() == com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
          out.append(" []\n");
        } else {
          out.append('\n');
          pad(indent, out);
          sequence(p, indent, out);
        }
      } else {
        out.append(' ');
        scalar(p, out);
        out.append('\n');
      }
    }
  }

  /** The items of an array whose first item's first token is the parser's current token. */
  private static void sequence(com.fasterxml.jackson.core.JsonParser p, int indent, StringBuilder out)
      throws java.io.IOException {
    boolean first = true;
    for (; p.currentToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY; p.nextToken(), first = false) {
      if (!first) {
        pad(indent, out);
      }
      out.append("- ");
      com.fasterxml.jackson.core.JsonToken v = p.currentToken();
      if (v == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        if (p.nextToken() == com.fasterxml.jackson.core.JsonToken.END_OBJECT) {
          out.append("{}\n");
        } else {
          mapping(p, indent + 2, out);
        }
      } else if (v == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
        if (p.nextToken() == com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
          out.append("[]\n");
        } else {
          sequence(p, indent + 2, out);
        }
      } else {
        scalar(p, out);
        out.append('\n');
      }
    }
  }

  private static void scalar(com.fasterxml.jackson.core.JsonParser p, StringBuilder out) throws java.io.IOException {
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
