package dev.ingressc.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
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
import org.yaml.snakeyaml.LoaderOptions;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.diag.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
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
  // As strict as typing (InputObjects): what typing would refuse is read as a tree, then reported there.
  private static final ObjectMapper MAPPER = SchemaWords.strictMapper();
  private static final JsonFactory JSON = new JsonFactory();
  // rebuild() keeps the plain factory's parser features (builder() alone would not); the factory
  // reads as kubectl does, and long scalars in linear time (KubeYamlFactory).
  static final LoaderOptions YAML_LIMITS = yamlLimits();
  static final YAMLFactory YAML = new KubeYamlFactory(new YAMLFactory().rebuild().loaderOptions(YAML_LIMITS));

  /**
   * The most ingressc reads from one file or stdin: far above any real cluster's dump (a 10,000
   * Ingress dump with its Services and EndpointSlices is about 40 MB), and still a String Java can
   * hold, so a runaway input is refused with a diagnostic rather than an OutOfMemoryError.
   */
  static final long MAX_INPUT_BYTES = 1_000_000_000L;

  private final List<LoadedObject> objects = new ArrayList<>();
  private final Diagnostics diagnostics = new Diagnostics();
  /** Kinds of the file being read that ingressc does not read: how many, and the first line. */
  private final java.util.TreeMap<String, int[]> unreadKinds = new java.util.TreeMap<>();
  private final ParsedFiles cache;
  private final long maxInputBytes;
  private boolean unreadable;

  private Loader(ParsedFiles cache, long maxInputBytes) {
    this.cache = cache;
    this.maxInputBytes = maxInputBytes;
  }

  private Loader() {
    this(null, MAX_INPUT_BYTES);
  }

  /**
   * SnakeYAML's defaults, except the size of one document: its 3 MB default refuses a real
   * {@code kubectl get -o yaml} dump, which is one document. Input size is bounded by
   * {@link #MAX_INPUT_BYTES} instead, before anything is read. The other limits stay (Jackson reads
   * events and never expands aliases; Jackson's own nesting-depth limit applies as well).
   */
  private static LoaderOptions yamlLimits() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    return options;
  }

  /** Loads every path in order; {@code -} reads standard input. */
  public static LoadResult load(List<String> paths, InputStream stdin) {
    return load(paths, stdin, MAX_INPUT_BYTES);
  }

  /** As {@link #load(List, InputStream)} with another size limit; for tests. */
  static LoadResult load(List<String> paths, InputStream stdin, long maxInputBytes) {
    Loader loader = new Loader(null, maxInputBytes);
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
    Loader loader = new Loader(cache, MAX_INPUT_BYTES);
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
        byte[] bytes = stdin.readNBytes((int) Math.min(maxInputBytes + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > maxInputBytes) {
          tooLarge("<stdin>", -1);
          return;
        }
        String text = decode("<stdin>", bytes);
        if (text != null) {
          loadDocuments("<stdin>", text, text.stripLeading().startsWith("{"));
        }
        return;
      }
      Path p = Path.of(path);
      if (Files.isDirectory(p)) {
        for (Path f : manifestsUnder(p)) {
          loadFile(f);
        }
      } else if (Files.isRegularFile(p)) {
        loadFile(p);
      } else if (Files.exists(p)) {
        loadStream(p); // a device or pipe, e.g. /dev/null or <(kubectl get ...)
      } else {
        fileProblem(path, 0, "no such file or directory");
        unreadable = true;
      }
    } catch (IOException | UncheckedIOException e) {
      fileProblem(path, 0, "cannot read: " + ioProblem(e));
      unreadable = true;
    }
  }

  /** A file that is not a regular file (no size to check first): read up to the limit. */
  private void loadStream(Path p) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(p)) {
      bytes = in.readNBytes((int) Math.min(maxInputBytes + 1, Integer.MAX_VALUE - 8));
    }
    if (bytes.length > maxInputBytes) {
      tooLarge(p.toString(), -1);
      return;
    }
    String text = decode(p.toString(), bytes);
    if (text != null) {
      loadDocuments(p.toString(), text, p.getFileName() != null
          && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"));
    }
  }

  /**
   * The file's text, or null when it is not UTF-8 (as Kubernetes manifests are): then only this
   * file is skipped, with the byte offset of its first bad byte, and the other inputs are read.
   */
  private String decode(String file, byte[] bytes) {
    String bom = utf16Or32(bytes);
    if (bom != null) {
      fileProblem(file, 0, "the file is " + bom + ", not UTF-8; it is skipped (save it as UTF-8)");
      return null;
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = decoder.decode(in, out, true);
    if (r.isError()) {
      long line = 1;
      for (int i = 0; i < in.position(); i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      fileProblem(file, (int) Math.min(line, Integer.MAX_VALUE), "invalid UTF-8 at byte offset " + in.position()
          + " (byte 0x" + String.format(Locale.ROOT, "%02x", bytes[in.position()] & 0xff)
          + "); the file is skipped (save it as UTF-8)");
      return null;
    }
    decoder.flush(out);
    out.flip();
    String text = out.toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** The name of the encoding a byte-order mark (or a NUL next to the first character) announces. */
  private static String utf16Or32(byte[] b) {
    if (b.length >= 4 && ((b[0] == 0 && b[1] == 0 && (b[2] & 0xff) == 0xfe && (b[3] & 0xff) == 0xff)
        || ((b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe && b[2] == 0 && b[3] == 0))) {
      return "UTF-32";
    }
    if (b.length >= 2 && (((b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) || ((b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe))) {
      return "UTF-16";
    }
    if (b.length >= 2 && (b[0] == 0) != (b[1] == 0)) {
      return "UTF-16 (no byte-order mark)";
    }
    return null;
  }

  /** What went wrong reading a file, without Java's exception names. */
  private static String ioProblem(Exception e) {
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    if (t instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (t instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (t instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    String m = t.getMessage();
    return m == null || m.contains("java.") || m.contains("Exception") ? "input/output error" : m;
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
    LoadResult one = cache == null ? parseFile(f) : cache.get(f, this::parseFile);
    objects.addAll(one.objects());
    diagnostics.addAll(one.diagnostics());
  }

  private LoadResult parseFile(Path f) throws IOException {
    Loader one = new Loader(null, maxInputBytes);
    long size = Files.size(f);
    if (size > maxInputBytes) {
      one.tooLarge(f.toString(), size);
      return one.result();
    }
    String text = one.decode(f.toString(), Files.readAllBytes(f));
    if (text != null) {
      one.loadDocuments(f.toString(), text, f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"));
    }
    return one.result();
  }

  private void loadDocuments(String file, String text, boolean json) {
    SourceText source = new SourceText(file, text, json);
    ReadMode mode = ReadMode.FAST;
    while (true) {
      Loader pass = new Loader();
      try {
        pass.readDocuments(source, mode);
      } catch (Reread e) {
        mode = e.next;
        continue; // nothing of a failed pass is kept
      }
      pass.reportUnreadKinds(file);
      objects.addAll(pass.objects);
      diagnostics.addAll(pass.diagnostics);
      unreadable |= pass.unreadable;
      return;
    }
  }

  /**
   * How a pass reads: {@code typed}, documents that begin with apiVersion and kind (as manifests do)
   * are read straight into their fabric8 model type, which costs no more than building a tree;
   * {@code streamLists}, the items of a {@code kind: List} are read one at a time as documents are,
   * not as one tree of the whole List.
   */
  private record ReadMode(boolean typed, boolean streamLists) {
    static final ReadMode FAST = new ReadMode(true, true);
  }

  /**
   * Thrown when a pass cannot finish as it began. A stream cannot resume mid-document, so the file
   * is read again in a plainer mode: as trees when a document did not fit its kind's model (typing
   * it later reports the problem with its field and line); with Lists as trees when an object of a
   * known kind turned out to have an items array. Each mode is plainer than the last, so this ends.
   */
  private static final class Reread extends Exception {
    final ReadMode next;

    Reread(ReadMode next) {
      super(null, null, false, false);
      this.next = next;
    }
  }

  /** One object read from the stream, with where it starts. */
  private record Read(String apiVersion, String kind, Object typed, ObjectNode node, ObjectSource source) {}

  private void readDocuments(SourceText source, ReadMode mode) throws Reread {
    String file = source.file();
    boolean json = source.json();
    int index = 0;
    JsonParser open = null;
    try (ManifestParser p = new ManifestParser((json ? JSON : YAML).createParser(source.text()))) {
      open = p;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken(), index++) {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        if (t != JsonToken.START_OBJECT) {
          JsonNode node = MAPPER.readTree(p);
          if (node != null && !node.isNull() && !node.isMissingNode()) {
            fileProblem(file, line, "document " + (index + 1) + " is not an object; it is ignored");
          }
          reportDuplicates(p, List.of(), file);
          continue; // an empty document, e.g. a trailing "---", is simply nothing
        }
        ObjectSource where = new ObjectSource(new SourceDocument(source, index), "", line, at.getColumnNr());
        List<Read> reads = readObject(p, where, mode);
        for (Read read : reads) {
          if (read.typed() != null) {
            addTyped(read.apiVersion(), read.kind(), read.typed(), read.source());
          } else {
            addObject(read.node(), read.source());
          }
        }
        reportDuplicates(p, reads, file);
      }
    } catch (JsonProcessingException e) {
      // A limit (nesting depth, sizes) has no location of its own: where the parser stopped is its line.
      int line = e.getLocation() != null && e.getLocation().getLineNr() > 0 ? e.getLocation().getLineNr()
          : open == null ? 0 : Math.max(0, open.currentLocation().getLineNr());
      fileProblem(file, line, "cannot parse " + (json ? "JSON" : "YAML") + ": " + parseProblem(e)
          + "; the rest of this file is skipped");
    } catch (IOException e) {
      fileProblem(file, 0, "cannot read: " + ioProblem(e));
      unreadable = true;
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      // SnakeYAML's own limits (e.g. nesting depth) surface unwrapped; the file is skipped as on a syntax error.
      int line = open == null ? 0 : Math.max(0, open.currentLocation().getLineNr());
      fileProblem(file, line, "cannot parse YAML: " + yamlLimit(e) + "; the rest of this file is skipped");
    }
  }

  private static String yamlLimit(org.yaml.snakeyaml.error.YAMLException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    return m.toLowerCase(Locale.ROOT).contains("nesting depth") ? "nesting is too deep" : "the input is not valid YAML";
  }

  /**
   * Reads one object, the parser on its START_OBJECT; afterwards the parser is on its END_OBJECT.
   * Fields are kept in a buffer until the object's kind decides how the rest is read: straight into
   * its model type, item by item for a List, else as a tree.
   */
  private List<Read> readObject(JsonParser p, ObjectSource source, ReadMode mode) throws IOException, Reread {
    TokenBuffer head = new TokenBuffer(MAPPER, false);
    head.writeStartObject();
    String apiVersion = null;
    String kind = null;
    while (true) {
      Class<?> model = mode.typed() ? modelType(apiVersion, kind) : null;
      if (model != null) {
        JsonParser rest = JsonParserSequence.createFlattened(false, head.asParser(), p);
        rest.nextToken();
        try {
          return List.of(new Read(apiVersion, kind, MAPPER.readValue(rest, model), null, source));
        } catch (JsonMappingException e) {
          throw new Reread(new ReadMode(false, mode.streamLists()));
        }
      }
      if (p.nextToken() != JsonToken.FIELD_NAME) {
        head.copyCurrentEvent(p); // END_OBJECT: every field is in the buffer
        break;
      }
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (mode.streamLists() && name.equals("items") && value == JsonToken.START_ARRAY) {
        return readList(p, source, kind, mode);
      }
      if (value == JsonToken.VALUE_STRING && name.equals("apiVersion")) {
        apiVersion = p.getText();
      } else if (value == JsonToken.VALUE_STRING && name.equals("kind")) {
        kind = p.getText();
      }
      head.writeFieldName(name);
      head.copyCurrentStructure(p);
    }
    JsonParser whole = head.asParser();
    whole.nextToken();
    return List.of(new Read(null, null, null, (ObjectNode) MAPPER.readTree(whole), source));
  }

  private static Class<?> modelType(String apiVersion, String kind) {
    if (apiVersion == null || kind == null || !apiVersion.equals(Kinds.API_VERSIONS.get(kind))) {
      return null;
    }
    return Kinds.MODEL_TYPES.get(kind);
  }

  /**
   * Reads an object's items array element by element, the parser on its START_ARRAY, then the rest
   * of the object, where kubectl prints kind (after items). A {@code *List} gives its items; any
   * other kind is none of our business, unless it is a kind we read: then the file is read again with
   * Lists as trees, so that such an object is read as before.
   */
  private List<Read> readList(JsonParser p, ObjectSource source, String kind, ReadMode mode)
      throws IOException, Reread {
    List<Read> items = new ArrayList<>();
    String prefix = source.prefix().isEmpty() ? "items[" : source.prefix() + ".items[";
    int i = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), i++) {
      if (t == JsonToken.START_OBJECT) {
        JsonLocation at = p.currentTokenLocation();
        ObjectSource item = new ObjectSource(source.document(), prefix + i + "]", at.getLineNr(), at.getColumnNr());
        items.addAll(readObject(p, item, mode));
      } else {
        notAnObject(source.file(), p.currentTokenLocation().getLineNr(), prefix + i + "]", t);
        p.skipChildren();
      }
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("items")) {
        throw new Reread(new ReadMode(mode.typed(), false)); // a second items field: let the tree decide
      }
      if (name.equals("kind")) {
        kind = value == JsonToken.VALUE_STRING ? p.getText() : "";
      }
      p.skipChildren();
    }
    String k = kind == null ? "" : kind;
    if (k.endsWith("List")) {
      return items;
    }
    if (Kinds.API_VERSIONS.containsKey(k)) {
      throw new Reread(new ReadMode(mode.typed(), false));
    }
    return List.of();
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
    String m = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage();
    if (m.contains("nesting depth")) {
      return "nesting is too deep (more than 1000 levels)";
    }
    int java = m.indexOf(" (from `");
    return (java > 0 ? m.substring(0, java) : m).replace("`", "");
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
        // Read as a tree (a plainer pass): the item's column is not known, so its lines are found
        // from the top of its document.
        ObjectSource itemSource = new ObjectSource(source.document(), prefix, 0, 0);
        itemSource = new ObjectSource(source.document(), prefix, itemSource.lineOf(""), 0);
        if (items.get(i) instanceof ObjectNode item) {
          addObject(item, itemSource);
        } else {
          notAnObject(source.file(), itemSource.line(), prefix, items.get(i).asToken());
        }
      }
      return;
    }
    String expected = Kinds.API_VERSIONS.get(kind);
    if (expected == null) {
      notRead(obj, kind, source);
      return;
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

  /** Keys written twice in one mapping, each against the object it is in; the last value was used. */
  private void reportDuplicates(ManifestParser p, List<Read> reads, String file) {
    for (ManifestParser.Duplicate d : p.drainDuplicates()) {
      Read owner = null;
      for (Read r : reads) {
        String prefix = r.source().prefix();
        boolean inside = prefix.isEmpty() || d.path().startsWith(prefix + ".");
        if (inside && (owner == null || prefix.length() > owner.source().prefix().length())) {
          owner = r;
        }
      }
      String prefix = owner == null ? "" : owner.source().prefix();
      String field = prefix.isEmpty() ? d.path() : d.path().substring(prefix.length() + 1);
      diagnostics.add(new Diagnostic(Severity.WARNING, owner == null ? "" : display(owner), file, d.line(), field,
          "is written more than once in its mapping; the last value is used"));
    }
  }

  private static String display(Read r) {
    String kind;
    String namespace;
    String name;
    if (r.typed() != null) {
      ObjectMeta meta = ((HasMetadata) r.typed()).getMetadata();
      kind = r.kind();
      namespace = meta == null || meta.getNamespace() == null ? "" : meta.getNamespace();
      name = meta == null || meta.getName() == null ? "" : meta.getName();
    } else {
      kind = r.node().path("kind").asText("");
      namespace = r.node().path("metadata").path("namespace").asText("");
      name = r.node().path("metadata").path("name").asText("");
    }
    return kind.isEmpty() ? "" : key(kind, namespace, name).display();
  }

  /** A List item that is not an object: kubectl refuses it; here only the item is skipped. */
  private void notAnObject(String file, int line, String field, JsonToken t) {
    String what = t == JsonToken.VALUE_NULL ? "null" : t == JsonToken.START_ARRAY ? "a list" : "a " + scalarWord(t);
    diagnostics.add(new Diagnostic(Severity.WARNING, "", file, line, field,
        "a List item must be an object, not " + what + "; it is ignored"));
  }

  private static String scalarWord(JsonToken t) {
    return switch (t) {
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      default -> "value";
    };
  }

  /**
   * An object of a kind ingressc does not read. Without a kind, or with a kind that looks like one
   * of ours ({@code Ingresss}, {@code ingress}), it is most likely a mistake: a warning. Any other
   * kind (a Deployment in a dump) is counted in one note per kind and file.
   */
  private void notRead(ObjectNode obj, String kind, ObjectSource source) {
    JsonNode k = obj.get("kind");
    String name = obj.path("metadata").path("name").asText("");
    String namespace = obj.path("metadata").path("namespace").asText("");
    String object = name.isEmpty() ? ""
        : (kind.isEmpty() ? "object " : kind + " ") + (namespace.isEmpty() ? "" : namespace + "/") + name;
    if (k == null || !k.isTextual() || kind.isBlank()) {
      String problem = k == null || k.isNull() ? "has no kind" : "has a kind that is not a string";
      diagnostics.add(new Diagnostic(Severity.WARNING, object, source.file(), source.lineOf(k == null ? "" : "kind"),
          "kind", problem + "; it is not read (ingressc reads " + Kinds.READ + ")"));
      return;
    }
    String near = Kinds.nearest(kind);
    if (near != null) {
      diagnostics.add(new Diagnostic(Severity.WARNING, object, source.file(), source.lineOf("kind"), "kind",
          "kind `" + kind + "` is not read; did you mean " + near + "?"));
      return;
    }
    unreadKinds.computeIfAbsent(kind, x -> new int[] {0, source.line()})[0]++;
  }

  /** One note per kind of this file that is not read. */
  private void reportUnreadKinds(String file) {
    unreadKinds.forEach((kind, seen) -> diagnostics.add(new Diagnostic(Severity.NOTE, "", file, seen[1], "",
        seen[0] + " object(s) of kind " + kind + " are not read (ingressc reads " + Kinds.READ + ")")));
    unreadKinds.clear();
  }

  /** A file over the size limit is skipped whole, as one that does not parse; the others load. */
  private void tooLarge(String file, long size) {
    fileProblem(file, 0, (size < 0 ? "the input is" : "the file is " + String.format(Locale.ROOT, "%,d", size) + " bytes,")
        + " larger than the " + String.format(Locale.ROOT, "%,d", maxInputBytes)
        + " bytes ingressc reads from one file or stdin; it is skipped (split the input into several files)");
  }

  private void fileProblem(String file, int line, String message) {
    diagnostics.add(new Diagnostic(Severity.ERROR, "", file, line, "", message));
  }
}
