package dev.ingressc.load;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.diag.Severity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Takes in each object one pass over a file has read: a {@link LoadedObject} of a kind ingressc
 * reads, or a diagnostic saying why the object is not one (no name, another apiVersion, an unknown
 * or mistyped kind).
 */
final class ObjectIntake {
  final List<LoadedObject> objects = new ArrayList<>();
  final Diagnostics diagnostics = new Diagnostics();
  /** Kinds of the file being read that ingressc does not read: how many, and the first line. */
  private final TreeMap<String, int[]> unreadKinds = new TreeMap<>();

  void addTyped(String apiVersion, String kind, Object value, ObjectSource source) {
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

  static ObjectKey key(String kind, String namespace, String name) {
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

  void addObject(ObjectNode obj, ObjectSource source) {
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

  /** A List item that is not an object: kubectl refuses it; here only the item is skipped. */
  void notAnObject(String file, int line, String field, JsonToken t) {
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
  void reportUnreadKinds(String file) {
    unreadKinds.forEach((kind, seen) -> diagnostics.add(new Diagnostic(Severity.NOTE, "", file, seen[1], "",
        seen[0] + " object(s) of kind " + kind + " are not read (ingressc reads " + Kinds.READ + ")")));
    unreadKinds.clear();
  }

  void fileProblem(String file, int line, String message) {
    diagnostics.add(new Diagnostic(Severity.ERROR, "", file, line, "", message));
  }
}
