package dev.ingressc.load;

import java.util.Arrays;

/**
 * One input file's text, shared by all its documents and objects. Where each line starts is worked
 * out once, on the first diagnostic that needs a line, so that a diagnostic can start reading at its
 * own object instead of at the top of the file.
 */
public final class SourceText {
  private final String file;
  private final String text;
  private final boolean json;
  private volatile int[] lineStarts; // computed at most once per thread that needs it; any copy is the same

  SourceText(String file, String text, boolean json) {
    this.file = file;
    this.text = text;
    this.json = json;
  }

  String file() {
    return file;
  }

  String text() {
    return text;
  }

  boolean json() {
    return json;
  }

  /**
   * Equal when file, text and format are: sources compare by value (as when this was part of a
   * record), so an unchanged object read again in a later pass is recognised as the same.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof SourceText t && json == t.json && file.equals(t.file) && text.equals(t.text);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(file, text, json);
  }

  /**
   * The offset in {@link #text} of {@code column} (1-based) on {@code line} (1-based), counted as
   * the parser counts: JSON columns are chars, YAML columns are code points. -1 if out of range.
   */
  int offsetOf(int line, int column) {
    int[] starts = lineStarts();
    if (line < 1 || line > starts.length || column < 1) {
      return -1;
    }
    int start = starts[line - 1];
    try {
      int at = json ? start + column - 1 : text.offsetByCodePoints(start, column - 1);
      return at <= text.length() ? at : -1;
    } catch (IndexOutOfBoundsException e) {
      return -1;
    }
  }

  private int[] lineStarts() {
    if (lineStarts == null) {
      lineStarts = computeLineStarts(text, json);
    }
    return lineStarts;
  }

  /**
   * Line breaks as the parsers count them: both count LF, CR LF and a lone CR; SnakeYAML also
   * counts NEL, LS and PS.
   */
  static int[] computeLineStarts(String text, boolean json) {
    int[] starts = new int[64];
    int n = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean yamlOnly = c == '\u0085' || c == '\u2028' || c == '\u2029';
      boolean lineBreak = c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))
          || (!json && yamlOnly);
      if (lineBreak) {
        if (n == starts.length) {
          starts = Arrays.copyOf(starts, n * 2);
        }
        starts[n++] = i + 1;
      }
    }
    return Arrays.copyOf(starts, n);
  }
}
