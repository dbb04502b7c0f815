package dev.ingressc.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Types one loaded object into its fabric8 model, strictly ({@link SchemaWords}): a function of
 * the object alone, so {@link TypingCache} may keep its result. A problem becomes a diagnostic in
 * the user's field names, never a Java message.
 */
final class ObjectTyping {
  private static final ObjectMapper MAPPER = SchemaWords.strictMapper();

  private ObjectTyping() {}

  /** Whether two copies say the same, whether each was read as a tree or straight into its type. */
  static boolean sameContent(LoadedObject a, LoadedObject b) {
    if (a.node() != null && b.node() != null) {
      return a.node().equals(b.node());
    }
    if (a.typed() != null && b.typed() != null) {
      return a.typed().equals(b.typed());
    }
    LoadedObject tree = a.node() != null ? a : b;
    LoadedObject typed = a.node() != null ? b : a;
    try {
      return MAPPER.treeToValue(tree.node(), typed.typed().getClass()).equals(typed.typed());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Types one object; a function of the object alone, so its result may be kept ({@link TypingCache}). */
  static <T> TypingCache.Typed type(LoadedObject o, Class<T> type) {
    if (type == ObjectNode.class && o.node() != null) {
      return new TypingCache.Typed(new Located<>(o.node(), o.key(), o.source()), null);
    }
    try {
      T value = o.typed() != null ? type.cast(o.typed()) : MAPPER.treeToValue(o.node(), type);
      Located<T> located = new Located<>(value, o.key(), o.source());
      return new TypingCache.Typed(located, null, withoutNullEntries(located));
    } catch (JsonMappingException e) {
      String field = fieldPath(e.getPath());
      return new TypingCache.Typed(null, new Diagnostic(Severity.ERROR, o.key().display(), o.source().file(),
          o.source().lineOf(field), field, SchemaWords.problem(e) + "; the " + o.kind() + " is rejected"));
    } catch (Exception e) {
      // Never the exception's text: it names Java types, not the user's fields.
      return new TypingCache.Typed(null, new Diagnostic(Severity.ERROR, o.key().display(), o.source().file(),
          o.source().line(), "", "cannot be read as a " + o.kind() + "; the object is rejected"));
    }
  }

  /**
   * Annotations and labels given as {@code key: null} (or {@code key:} with nothing after it) say
   * nothing: each is reported and left out, as if it were not written.
   */
  private static List<Diagnostic> withoutNullEntries(Located<?> located) {
    if (!(located.value() instanceof io.fabric8.kubernetes.api.model.HasMetadata h) || h.getMetadata() == null) {
      return List.of();
    }
    List<Diagnostic> out = new ArrayList<>();
    dropNulls(located, "metadata.annotations", h.getMetadata().getAnnotations(), out);
    dropNulls(located, "metadata.labels", h.getMetadata().getLabels(), out);
    return out;
  }

  private static void dropNulls(Located<?> located, String field, Map<String, String> m, List<Diagnostic> out) {
    if (m == null || !m.containsValue(null)) {
      return;
    }
    for (String key : new java.util.TreeSet<>(m.keySet())) {
      if (m.get(key) == null) {
        out.add(located.warning(field + "[\"" + key + "\"]",
            "has no value (null); it is ignored (write \"\" for an empty value)"));
        m.remove(key);
      }
    }
  }

  static String fieldPath(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      } else if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      }
    }
    return sb.toString();
  }
}
