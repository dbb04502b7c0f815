package dev.ingressc.load;

/**
 * One YAML or JSON document of an input file. The file's text is kept so that the line of any
 * field can be found later, only when a diagnostic needs it: the happy path never pays for it.
 *
 * @param file the file's name as the user gave it, or {@code <stdin>}
 * @param text the whole file's text (shared by all documents of the file)
 * @param index the 0-based position of this document in the file
 * @param json whether the file is JSON (else YAML)
 */
public record SourceDocument(String file, String text, int index, boolean json) {

  @Override
  public String toString() {
    return "SourceDocument[" + file + "#" + index + "]";
  }
}
