package dev.ingressc.load;

/**
 * One YAML or JSON document of an input file. The file's text is kept so that the line of any
 * field can be found later, only when a diagnostic needs it: the happy path never pays for it.
 *
 * @param source the whole file (shared by all documents of the file)
 * @param index the 0-based position of this document in the file
 */
public record SourceDocument(SourceText source, int index) {

  /** The file's name as the user gave it, or {@code <stdin>}. */
  public String file() {
    return source.file();
  }

  /** The whole file's text. */
  public String text() {
    return source.text();
  }

  /** Whether the file is JSON (else YAML). */
  public boolean json() {
    return source.json();
  }

  @Override
  public String toString() {
    return "SourceDocument[" + file() + "#" + index + "]";
  }
}
