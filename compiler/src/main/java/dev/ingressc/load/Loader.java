package dev.ingressc.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserSequence;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.diag.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Step 1 of the pipeline: reads YAML and JSON files (multi-document, {@code kind: List},
 * directories, stdin) into untyped objects of the kinds ingressc understands.
 */
public final class Loader {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final JsonFactory JSON = new JsonFactory();
  private static final YAMLFactory YAML = new YAMLFactory();

  private final List<LoadedObject> objects = new ArrayList<>();
  private final Diagnostics diagnostics = new Diagnostics();
  private final ParsedFiles cache;
  private boolean unreadable;

  private Loader(ParsedFiles cache) {
    this.cache = cache;
  }

  private Loader() {
    this(null);
  }

  /** Loads every path in order; {@code -} reads standard input. */
  public static LoadResult load(List<String> paths, InputStream stdin) {
    Loader loader = new Loader();
    for (String path : paths) {
      loader.loadPath(path, stdin);
    }
    return loader.result();
  }

  /**
   * Loads every path in order, as {@link #load}, parsing only the files that changed since the
   * last load through the same cache. The result is the same as a full load's.
   */
  public static LoadResult load(List<String> paths, ParsedFiles cache) {
    Loader loader = new Loader(cache);
    for (String path : paths) {
      loader.loadPath(path, InputStream.nullInputStream());
    }
    cache.endLoad();
    return loader.result();
  }

  /** Loads one file's text, e.g. in tests. */
  public static LoadResult loadText(String file, String text) {
    Loader loader = new Loader();
    loader.loadDocuments(file, text, file.toLowerCase(Locale.ROOT).endsWith(".json"));
    return loader.result();
  }

  private LoadResult result() {
    return new LoadResult(List.copyOf(objects), diagnostics, unreadable);
  }

  private void loadPath(String path, InputStream stdin) {
    try {
      if (path.equals("-")) {
        String text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        loadDocuments("<stdin>", text, text.stripLeading().startsWith("{"));
        return;
      }
      Path p = Path.of(path);
      if (Files.isDirectory(p)) {
        for (Path f : manifestsUnder(p)) {
          loadFile(f);
        }
      } else if (Files.isRegularFile(p)) {
        loadFile(p);
      } else {
        fileProblem(path, 0, "no such file or directory");
        unreadable = true;
      }
    } catch (IOException | UncheckedIOException e) {
      fileProblem(path, 0, "cannot read: " + e.getMessage());
      unreadable = true;
    }
  }

  /** Manifests below a directory, recursively, in sorted order so the result never depends on the file system. */
  private static List<Path> manifestsUnder(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(f -> isManifestName(f.getFileName().toString()))
          .sorted()
          .toList();
    }
  }

  static boolean isManifestName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
  }

  private void loadFile(Path f) throws IOException {
    LoadResult one = cache == null ? parseFile(f) : cache.get(f, Loader::parseFile);
    objects.addAll(one.objects());
    diagnostics.addAll(one.diagnostics());
  }

  private static LoadResult parseFile(Path f) throws IOException {
    Loader one = new Loader();
    String text = Files.readString(f, StandardCharsets.UTF_8);
    one.loadDocuments(f.toString(), text, f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"));
    return one.result();
  }

  private void loadDocuments(String file, String text, boolean json) {
    int mark = objects.size();
    try {
      readDocuments(file, text, json, true);
    } catch (SchemaMismatch e) {
      // A document did not fit its kind's model. A stream cannot resume mid-document, so read the
      // file again as trees; typing them later reports the problem with its field and line.
      objects.subList(mark, objects.size()).clear();
      try {
        readDocuments(file, text, json, false);
      } catch (SchemaMismatch impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }

  /** Thrown by the fast path when a document does not fit its model type. */
  private static final class SchemaMismatch extends Exception {
    SchemaMismatch(Throwable cause) {
      super(cause);
    }
  }

  /**
   * Reads every document. With {@code typed}, a document that starts with apiVersion and kind (as
   * manifests do) is read straight into its fabric8 model type, which costs no more than building
   * a tree; any other document becomes a tree.
   */
  private void readDocuments(String file, String text, boolean json, boolean typed) throws SchemaMismatch {
    int index = 0;
    try (JsonParser p = (json ? JSON : YAML).createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken(), index++) {
        int line = p.currentTokenLocation().getLineNr();
        ObjectSource source = new ObjectSource(new SourceDocument(file, text, index, json), "", line);
        if (t != JsonToken.START_OBJECT) {
          JsonNode node = MAPPER.readTree(p);
          if (node != null && !node.isNull() && !node.isMissingNode()) {
            fileProblem(file, line, "document " + (index + 1) + " is not an object; it is ignored");
          }
          continue; // an empty document, e.g. a trailing "---", is simply nothing
        }
        Head head = typed ? Head.read(p) : null;
        JsonParser rest = head == null ? p : JsonParserSequence.createFlattened(false, head.buffer.asParser(), p);
        if (head != null) {
          rest.nextToken();
        }
        Class<?> model = head == null ? null : head.modelType();
        if (model != null) {
          try {
            Object value = MAPPER.readValue(rest, model);
            addTyped(head.apiVersion, head.kind, value, source);
          } catch (JsonMappingException e) {
            throw new SchemaMismatch(e);
          }
        } else if (MAPPER.readTree(rest) instanceof ObjectNode obj) {
          addObject(obj, source);
        }
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      fileProblem(file, line, "cannot parse " + (json ? "JSON" : "YAML") + ": " + parseProblem(e)
          + "; the rest of this file is skipped");
    } catch (IOException e) {
      fileProblem(file, 0, "cannot read: " + e.getMessage());
      unreadable = true;
    }
  }

  /** The leading apiVersion and kind fields of a document, kept in a buffer to be replayed. */
  private static final class Head {
    final TokenBuffer buffer = new TokenBuffer(MAPPER, false);
    String apiVersion;
    String kind;

    /** With the parser on the document's START_OBJECT, consumes fields while they are apiVersion or kind. */
    static Head read(JsonParser p) throws IOException {
      Head h = new Head();
      h.buffer.writeStartObject();
      while (h.apiVersion == null || h.kind == null) {
        JsonToken t = p.nextToken();
        if (t != JsonToken.FIELD_NAME) {
          h.buffer.copyCurrentEvent(p); // END_OBJECT of an object with no more fields
          break;
        }
        String name = p.currentName();
        h.buffer.writeFieldName(name);
        JsonToken value = p.nextToken();
        if (value == JsonToken.VALUE_STRING && name.equals("apiVersion")) {
          h.apiVersion = p.getText();
        } else if (value == JsonToken.VALUE_STRING && name.equals("kind")) {
          h.kind = p.getText();
        } else {
          h.buffer.copyCurrentStructure(p);
          h.kind = null; // not a head we know: read the whole document as a tree
          return h;
        }
        h.buffer.copyCurrentEvent(p);
      }
      return h;
    }

    Class<?> modelType() {
      if (apiVersion == null || kind == null || !apiVersion.equals(Kinds.API_VERSIONS.get(kind))) {
        return null;
      }
      return Kinds.MODEL_TYPES.get(kind);
    }
  }

  private void addTyped(String apiVersion, String kind, Object value, ObjectSource source) {
    ObjectMeta meta = ((HasMetadata) value).getMetadata();
    String name = meta == null || meta.getName() == null ? "" : meta.getName();
    String namespace = meta == null || meta.getNamespace() == null ? "" : meta.getNamespace();
    ObjectKey key = key(kind, namespace, name);
    if (name.isEmpty()) {
      missingName(key, source);
      return;
    }
    objects.add(new LoadedObject(apiVersion, key, null, value, source));
  }

  private static ObjectKey key(String kind, String namespace, String name) {
    if (namespace.isEmpty() && Kinds.alwaysNamespaced(kind)) {
      namespace = "default";
    }
    if (kind.equals(Kinds.INGRESS_CLASS)) {
      namespace = "";
    }
    // Shared kind and namespace strings make sorting thousands of keys compare names only.
    return new ObjectKey(kind.intern(), namespace.intern(), name.isEmpty() ? "<unnamed>" : name);
  }

  private void missingName(ObjectKey key, ObjectSource source) {
    diagnostics.add(new Diagnostic(Severity.ERROR, key.display(), source.file(), source.lineOf("metadata"),
        "metadata.name", "metadata.name is required; the object is rejected"));
  }

  /**
   * The parser's complaint without the lines of input it quotes: SnakeYAML's message shows the
   * offending source line, which may be a line of a private key in a Secret, and keys must never
   * reach a diagnostic. Context and problem are kept, with their line and column.
   */
  static String parseProblem(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
        StringBuilder sb = new StringBuilder();
        if (m.getContext() != null) {
          sb.append(m.getContext()).append(where(m.getContextMark()));
        }
        if (m.getProblem() != null) {
          sb.append(sb.length() > 0 ? ": " : "").append(m.getProblem()).append(where(m.getProblemMark()));
        }
        return sb.length() > 0 ? sb.toString() : "syntax error";
      }
    }
    return e.getOriginalMessage();
  }

  private static String where(org.yaml.snakeyaml.error.Mark mark) {
    return mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
  }

  private void addObject(ObjectNode obj, ObjectSource source) {
    String apiVersion = obj.path("apiVersion").asText("");
    String kind = obj.path("kind").asText("");
    if (kind.endsWith("List") && obj.path("items").isArray()) {
      JsonNode items = obj.get("items");
      for (int i = 0; i < items.size(); i++) {
        String prefix = (source.prefix().isEmpty() ? "" : source.prefix() + ".") + "items[" + i + "]";
        ObjectSource itemSource = new ObjectSource(source.document(), prefix, 0);
        itemSource = new ObjectSource(source.document(), prefix, itemSource.lineOf(""));
        if (items.get(i) instanceof ObjectNode item) {
          addObject(item, itemSource);
        }
      }
      return;
    }
    String expected = Kinds.API_VERSIONS.get(kind);
    if (expected == null) {
      return; // other kinds are none of our business
    }
    JsonNode metadata = obj.path("metadata");
    String name = metadata.path("name").asText("");
    ObjectKey key = key(kind, metadata.path("namespace").asText(""), name);
    if (!apiVersion.equals(expected)) {
      diagnostics.add(new Diagnostic(Severity.WARNING, key.display(), source.file(), source.lineOf("apiVersion"),
          "apiVersion", "apiVersion \"" + apiVersion + "\" is not supported (want " + expected + "); the object is ignored"));
      return;
    }
    if (name.isEmpty()) {
      missingName(key, source);
      return;
    }
    objects.add(new LoadedObject(apiVersion, key, obj, null, source));
  }

  private void fileProblem(String file, int line, String message) {
    diagnostics.add(new Diagnostic(Severity.ERROR, "", file, line, "", message));
  }
}
