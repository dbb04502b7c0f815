package dev.ingressc.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the line of a field path for a diagnostic by re-reading the tokens of the one object it is
 * about: reading starts where the object starts (the loader noted its line and column), so a
 * diagnostic costs the size of its object, not of the file before it. Loading stays a plain parse.
 */
final class LineLocator {
  private static final JsonFactory JSON = new JsonFactory();
  private static final YAMLFactory YAML = Loader.YAML;

  private LineLocator() {}

  /**
   * Returns the line of the deepest segment of {@code field} present in the object, or 0. Falls
   * back to reading the document from the top when the object cannot be read on its own (e.g. it
   * uses a tag handle its document declares).
   */
  static int lineOf(ObjectSource source, String field) {
    int line = source.column() > 0 ? lineInObject(source, field) : 0;
    if (line > 0) {
      return line;
    }
    String prefix = source.prefix();
    return lineOf(source.document(), prefix.isEmpty() ? field : field.isEmpty() ? prefix : prefix + "." + field);
  }

  /**
   * Reads the object from its first column on, with what precedes it on its line blanked so that
   * YAML indentation is unchanged; the object's first line is the window's line 1. YAML is walked as
   * SnakeYAML events ({@link YamlLineWalker}): one warning per losing Ingress of 100,000 made a
   * Jackson parser each, whose set-up alone cost more than the walk.
   */
  static int lineInObject(ObjectSource source, String field) {
    SourceText text = source.document().source();
    int start = text.offsetOf(source.line(), source.column());
    if (start < 0) {
      return 0;
    }
    Reader window = new ObjectWindow(text.text(), start, source.column() - 1);
    if (!text.json()) {
      int found = YamlLineWalker.lineInWindow(window, FieldPath.parse(field));
      return found > 0 ? source.line() + found - 1 : 0;
    }
    try (JsonParser p = JSON.createParser(window)) {
      if (p.nextToken() != JsonToken.START_OBJECT || p.currentTokenLocation().getLineNr() != 1) {
        return 0;
      }
      int found = navigate(p, FieldPath.parse(field), 1);
      return found > 0 ? source.line() + found - 1 : 0;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Returns the line of the deepest segment of {@code path} present in the document, or 0. */
  static int lineOf(SourceDocument doc, String path) {
    try (JsonParser p = (doc.json() ? JSON : YAML).createParser(doc.text())) {
      if (!skipToDocument(p, doc.index())) {
        return 0;
      }
      return navigate(p, FieldPath.parse(path), p.currentTokenLocation().getLineNr());
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** From the current token (on line {@code line}), follows the segments as far as they are present. */
  private static int navigate(JsonParser p, List<Object> segments, int line) throws IOException {
    for (Object segment : segments) {
      int found = segment instanceof Integer i ? enterElement(p, i) : enterField(p, (String) segment);
      if (found <= 0) {
        break;
      }
      line = found;
    }
    return line;
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
          // A quoted map key (metadata.annotations["example.com/key"]) may hold '[' and ']' itself.
          boolean quoted = path.startsWith("[\"", i);
          int close = quoted ? path.indexOf("\"]", i + 2) : path.indexOf(']', i);
          if (close < 0) { // not a path this class wrote: the rest is one name
            out.add(path.substring(i));
            return out;
          }
          String inside = quoted ? path.substring(i + 2, close) : path.substring(i + 1, close);
          out.add(!quoted && !inside.isEmpty() && inside.chars().allMatch(Character::isDigit)
              ? (Object) Integer.valueOf(inside) : inside);
          i = quoted ? close + 1 : close;
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
