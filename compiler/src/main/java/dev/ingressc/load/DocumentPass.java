package dev.ingressc.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserSequence;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one file's text, document by document, into its objects: streamed, typed straight into
 * the fabric8 model where the document allows, and read again in a plainer mode where it does not
 * ({@link Reread}). Nothing of a failed pass is kept.
 */
final class DocumentPass {
  // As strict as typing (InputObjects): what typing would refuse is read as a tree, then reported there.
  private static final ObjectMapper MAPPER = SchemaWords.strictMapper();
  private static final JsonFactory JSON = new JsonFactory();

  private final ObjectIntake intake = new ObjectIntake();
  private boolean unreadable;

  private DocumentPass() {}

  /** Reads {@code source} in the fastest mode it allows; the result holds objects and diagnostics. */
  static DocumentPass read(SourceText source) {
    ReadMode mode = ReadMode.FAST;
    while (true) {
      DocumentPass pass = new DocumentPass();
      try {
        pass.readDocuments(source, mode);
      } catch (Reread e) {
        mode = e.next;
        continue; // nothing of a failed pass is kept
      }
      pass.intake.reportUnreadKinds(source.file());
      return pass;
    }
  }

  List<LoadedObject> objects() {
    return intake.objects;
  }

  ObjectIntake intake() {
    return intake;
  }

  boolean unreadable() {
    return unreadable;
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
    try (ManifestParser p = new ManifestParser((json ? JSON : Loader.YAML).createParser(source.text()))) {
      open = p;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken(), index++) {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        if (t != JsonToken.START_OBJECT) {
          JsonNode node = MAPPER.readTree(p);
          if (node != null && !node.isNull() && !node.isMissingNode()) {
            intake.fileProblem(file, line, "document " + (index + 1) + " is not an object; it is ignored");
          }
          reportDuplicates(p, List.of(), file);
          continue; // an empty document, e.g. a trailing "---", is simply nothing
        }
        ObjectSource where = new ObjectSource(new SourceDocument(source, index), "", line, at.getColumnNr());
        List<Read> reads = readObject(p, where, mode);
        for (Read read : reads) {
          if (read.typed() != null) {
            intake.addTyped(read.apiVersion(), read.kind(), read.typed(), read.source());
          } else {
            intake.addObject(read.node(), read.source());
          }
        }
        reportDuplicates(p, reads, file);
      }
    } catch (JsonProcessingException e) {
      // A limit (nesting depth, sizes) has no location of its own: where the parser stopped is its line.
      int line = e.getLocation() != null && e.getLocation().getLineNr() > 0 ? e.getLocation().getLineNr()
          : open == null ? 0 : Math.max(0, open.currentLocation().getLineNr());
      intake.fileProblem(file, line, "cannot parse " + (json ? "JSON" : "YAML") + ": " + ReadProblems.parse(e)
          + "; the rest of this file is skipped");
    } catch (IOException e) {
      intake.fileProblem(file, 0, "cannot read: " + ReadProblems.io(e));
      unreadable = true;
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      // SnakeYAML's own limits (e.g. nesting depth) surface unwrapped; the file is skipped as on a syntax error.
      int line = open == null ? 0 : Math.max(0, open.currentLocation().getLineNr());
      intake.fileProblem(file, line, "cannot parse YAML: " + ReadProblems.yamlLimit(e) + "; the rest of this file is skipped");
    }
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
        intake.notAnObject(source.file(), p.currentTokenLocation().getLineNr(), prefix + i + "]", t);
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
      intake.diagnostics.add(new Diagnostic(Severity.WARNING, owner == null ? "" : display(owner), file, d.line(), field,
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
    return kind.isEmpty() ? "" : ObjectIntake.key(kind, namespace, name).display();
  }
}
