package dev.ingressc.load;

/**
 * Where one object sits in its file.
 *
 * @param document the document that holds it
 * @param prefix the field path of the object inside the document: empty, or {@code items[3]} for an
 *     object inside a {@code kind: List}
 * @param line the 1-based line where the object starts
 */
public record ObjectSource(SourceDocument document, String prefix, int line) {

  /** A source for objects given in code rather than read from a file (tests, the cluster watch). */
  public static ObjectSource synthetic(String name) {
    return new ObjectSource(new SourceDocument(name, "", 0, false), "", 0);
  }

  public String file() {
    return document.file();
  }

  /** The line of {@code field} (e.g. {@code spec.rules[0].host}), or of its nearest present parent. */
  public int lineOf(String field) {
    if (document.text().isEmpty()) {
      return line;
    }
    String path = prefix.isEmpty() ? field : field.isEmpty() ? prefix : prefix + "." + field;
    int found = LineLocator.lineOf(document, path);
    return found > 0 ? found : line;
  }
}
