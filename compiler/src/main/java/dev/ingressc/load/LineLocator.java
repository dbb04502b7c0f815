package dev.ingressc.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the line of a field path by re-reading one document's tokens. Used only for diagnostics,
 * so loading stays a plain parse.
 */
final class LineLocator {
  private static final JsonFactory JSON = new JsonFactory();
  private static final YAMLFactory YAML = new YAMLFactory();

  private LineLocator() {}

  /** Returns the line of the deepest segment of {@code path} present in the document, or 0. */
  static int lineOf(SourceDocument doc, String path) {
    List<Object> segments = FieldPath.parse(path);
    try (JsonParser p = (doc.json() ? JSON : YAML).createParser(doc.text())) {
      if (!skipToDocument(p, doc.index())) {
        return 0;
      }
      int line = p.currentTokenLocation().getLineNr();
      for (Object segment : segments) {
        int found = segment instanceof Integer i ? enterElement(p, i) : enterField(p, (String) segment);
        if (found <= 0) {
          break;
        }
        line = found;
      }
      return line;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static boolean skipToDocument(JsonParser p, int index) throws IOException {
    for (int i = 0; ; i++) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return false;
      }
      if (i == index) {
        return true;
      }
      p.skipChildren();
    }
  }

  /** With the parser on START_OBJECT, moves onto the value of {@code name}; returns its line. */
  private static int enterField(JsonParser p, String name) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      return 0;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      int line = p.currentTokenLocation().getLineNr();
      boolean match = name.equals(p.currentName());
      p.nextToken();
      if (match) {
        return line;
      }
      p.skipChildren();
    }
    return 0;
  }

  /** With the parser on START_ARRAY, moves onto element {@code index}; returns its line. */
  private static int enterElement(JsonParser p, int index) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      return 0;
    }
    for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
      if (i == index) {
        return p.currentTokenLocation().getLineNr();
      }
      p.skipChildren();
    }
    return 0;
  }

  /** Field paths in the form {@code spec.rules[0].http.paths[1].path}. */
  static final class FieldPath {
    private FieldPath() {}

    static List<Object> parse(String path) {
      List<Object> out = new ArrayList<>();
      StringBuilder name = new StringBuilder();
      for (int i = 0; i < path.length(); i++) {
        char c = path.charAt(i);
        if (c == '.') {
          flush(name, out);
        } else if (c == '[') {
          flush(name, out);
          int close = path.indexOf(']', i);
          String inside = path.substring(i + 1, close);
          if (inside.length() >= 2 && inside.startsWith("\"") && inside.endsWith("\"")) {
            // A quoted map key, e.g. metadata.annotations["example.com/key"].
            inside = inside.substring(1, inside.length() - 1);
          }
          out.add(inside.chars().allMatch(Character::isDigit) ? (Object) Integer.valueOf(inside) : inside);
          i = close;
        } else {
          name.append(c);
        }
      }
      flush(name, out);
      return out;
    }

    private static void flush(StringBuilder name, List<Object> out) {
      if (name.length() > 0) {
        out.add(name.toString());
        name.setLength(0);
      }
    }
  }
}
