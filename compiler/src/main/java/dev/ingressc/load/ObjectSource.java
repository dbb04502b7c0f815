package dev.ingressc.load;

/**
 * Where one object sits in its file.
 *
 * @param document the document that holds it
 * @param prefix the field path of the object inside the document: empty, or {@code items[3]} for an
 *     object inside a {@code kind: List}
 * @param line the 1-based line where the object starts
 * @param column the 1-based column where the object starts, as its parser counts; 0 if unknown
 */
public record ObjectSource(SourceDocument document, String prefix, int line, int column) {

  /** A source for objects given in code rather than read from a file (tests, the cluster watch). */
  public static ObjectSource synthetic(String name) {
    return new ObjectSource(new SourceDocument(new SourceText(name, "", false), 0), "", 0, 0);
  }

  public String file() {
    return document.file();
  }

  /** The line of {@code field} (e.g. {@code spec.rules[0].host}), or of its nearest present parent. */
  public int lineOf(String field) {
    if (document.text().isEmpty()) {
      return line;
    }
    int found = LineLocator.lineOf(this, field);
    return found > 0 ? found : line;
  }
}
