package dev.ingressc.load;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The token stream of a manifest file as kubectl's parser sees it. Jackson alone reads an alias
 * ({@code *p}) as the string "p" and a merge key ({@code <<: *p}) as a field named "<<"; here an
 * alias stands for the tokens of its anchor, and a merge key adds the fields of its mapping(s) that
 * the mapping does not set itself (YAML's merge rule). A key written twice in one mapping is noted
 * ({@link #duplicates()}); the last one is used, as before.
 *
 * <p>Aliases are expanded with a budget, so that an alias bomb is refused instead of filling memory.
 */
final class ManifestParser extends JsonParserDelegate {
  /** At most this many tokens come from aliases in one file: far above any real manifest's anchors. */
  static final int ALIAS_BUDGET = 1_000_000;

  /** A key written twice: its line and its field path from the top of its document. */
  record Duplicate(int line, String path) {}

  private static final class Frame {
    final Set<String> written = new HashSet<>();
    final Set<String> merged = new HashSet<>();
  }

  private static final class Replay {
    final JsonParser parser;
    final boolean fieldsOnly; // a merge: the fields of a mapping, without its braces
    int depth;

    Replay(JsonParser parser, boolean fieldsOnly) {
      this.parser = parser;
      this.fieldsOnly = fieldsOnly;
    }
  }

  private static final class Recording {
    final String anchor;
    final TokenBuffer tokens;
    int depth;

    Recording(String anchor, TokenBuffer tokens) {
      this.anchor = anchor;
      this.tokens = tokens;
    }
  }

  private final JsonParser source;
  private final YAMLParser yaml;
  private final Map<String, TokenBuffer> anchors = new HashMap<>();
  private final Deque<Replay> replays = new ArrayDeque<>();
  private final List<Recording> recordings = new ArrayList<>();
  private final Deque<Frame> frames = new ArrayDeque<>();
  private final List<Duplicate> duplicates = new ArrayList<>();
  private boolean fromSource = true;
  private long aliasTokens;

  ManifestParser(JsonParser source) {
    super(source);
    this.source = source;
    this.yaml = source instanceof YAMLParser y ? y : null;
  }

  /** The duplicate keys seen since the last call. */
  List<Duplicate> drainDuplicates() {
    List<Duplicate> out = List.copyOf(duplicates);
    duplicates.clear();
    return out;
  }

  @Override
  public JsonToken nextToken() throws IOException {
    JsonToken t = raw();
    while (t == JsonToken.FIELD_NAME && fromSource && yaml != null && "<<".equals(source.currentName())) {
      t = merge();
    }
    if (t != null) {
      track(t);
    }
    return t;
  }

  @Override
  public JsonToken nextValue() throws IOException {
    JsonToken t = nextToken();
    return t == JsonToken.FIELD_NAME ? nextToken() : t;
  }

  @Override
  public JsonParser skipChildren() throws IOException {
    JsonToken t = currentToken();
    if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
      return this;
    }
    for (int depth = 1; depth > 0; ) {
      JsonToken n = nextToken();
      if (n == null) {
        return this;
      }
      if (n.isStructStart()) {
        depth++;
      } else if (n.isStructEnd()) {
        depth--;
      }
    }
    return this;
  }

  /** The next token, from an alias or merge being replayed, else from the file. */
  private JsonToken raw() throws IOException {
    while (!replays.isEmpty()) {
      Replay r = replays.peekLast();
      JsonToken t = r.parser.nextToken();
      if (t != null && r.fieldsOnly) {
        if (t.isStructEnd() && r.depth == 0) {
          t = null; // the closing brace of the merged mapping
        } else if (t.isStructStart()) {
          r.depth++;
        } else if (t.isStructEnd()) {
          r.depth--;
        }
      }
      if (t != null) {
        if (++aliasTokens > ALIAS_BUDGET) {
          throw new JsonParseException(source, "aliases expand to more than " + ALIAS_BUDGET
              + " values (an alias bomb?)");
        }
        delegate = r.parser;
        fromSource = false;
        return t;
      }
      replays.removeLast();
    }
    delegate = source;
    fromSource = true;
    JsonToken t = source.nextToken();
    if (t == JsonToken.VALUE_STRING && yaml != null && yaml.isCurrentAlias()) {
      TokenBuffer anchored = anchors.get(source.getText());
      if (anchored == null) {
        throw new JsonParseException(source, "alias *" + source.getText() + " names no anchor before it");
      }
      replays.addLast(new Replay(anchored.asParser(), false));
      return raw();
    }
    return t;
  }

  /**
   * On a {@code <<} key of the file: reads its value (a mapping, usually an alias of one, or a list
   * of them) and returns the first of the fields it adds, or the next token if it adds none.
   */
  private JsonToken merge() throws IOException {
    Frame frame = frames.peekLast();
    JsonToken v = raw();
    List<TokenBuffer> maps = new ArrayList<>();
    if (v == JsonToken.START_OBJECT) {
      maps.add(structure());
    } else if (v == JsonToken.START_ARRAY) {
      for (JsonToken e = raw(); e != JsonToken.END_ARRAY; e = raw()) {
        if (e != JsonToken.START_OBJECT) {
          throw new JsonParseException(source, "a merge key (<<) takes a mapping or a list of mappings");
        }
        maps.add(structure());
      }
    } else {
      throw new JsonParseException(source, "a merge key (<<) takes a mapping or a list of mappings");
    }
    TokenBuffer fields = new TokenBuffer(source.getCodec(), false);
    fields.writeStartObject();
    for (TokenBuffer m : maps) {
      JsonParser p = m.asParser();
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (frame != null && !frame.written.contains(name) && frame.merged.add(name)) {
          fields.writeFieldName(name);
          fields.copyCurrentStructure(p);
        } else {
          p.skipChildren();
        }
      }
    }
    fields.writeEndObject();
    JsonParser replay = fields.asParser();
    replay.nextToken();
    replays.addLast(new Replay(replay, true));
    return raw();
  }

  /** The structure starting at the current token (a START_OBJECT), as tokens. */
  private TokenBuffer structure() throws IOException {
    TokenBuffer b = new TokenBuffer(source.getCodec(), false);
    b.copyCurrentEvent(delegate);
    for (int depth = 1; depth > 0; ) {
      JsonToken t = raw();
      if (t == null) {
        break;
      }
      b.copyCurrentEvent(delegate);
      depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
    }
    return b;
  }

  /** Notes anchors, duplicate keys and the mappings open, for the token about to be returned. */
  private void track(JsonToken t) throws IOException {
    if (t == JsonToken.START_OBJECT) {
      frames.addLast(new Frame());
    } else if (t == JsonToken.END_OBJECT && !frames.isEmpty()) {
      frames.removeLast();
    } else if (t == JsonToken.FIELD_NAME && fromSource && !frames.isEmpty()) {
      String name = source.currentName();
      if (!frames.peekLast().written.add(name)) {
        duplicates.add(new Duplicate(source.currentTokenLocation().getLineNr(), path(source.getParsingContext())));
      }
    }
    for (int i = recordings.size() - 1; i >= 0; i--) {
      Recording r = recordings.get(i);
      r.tokens.copyCurrentEvent(delegate);
      r.depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
      if (r.depth == 0) {
        anchors.put(r.anchor, r.tokens);
        recordings.remove(i);
      }
    }
    String anchor = fromSource && yaml != null && t != JsonToken.FIELD_NAME && !t.isStructEnd()
        ? yaml.getCurrentAnchor() : null;
    if (anchor != null) {
      Recording r = new Recording(anchor, new TokenBuffer(source.getCodec(), false));
      r.tokens.copyCurrentEvent(delegate);
      r.depth = t.isStructStart() ? 1 : 0;
      if (r.depth == 0) {
        anchors.put(anchor, r.tokens);
      } else {
        recordings.add(r);
      }
    }
  }

  /** {@code spec.rules[0].host} for a field-name token's context. */
  private static String path(JsonStreamContext ctx) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.add("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.getCurrentName() != null) {
        parts.add("." + c.getCurrentName());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int i = parts.size() - 1; i >= 0; i--) {
      sb.append(parts.get(i));
    }
    return sb.length() > 0 && sb.charAt(0) == '.' ? sb.substring(1) : sb.toString();
  }
}
