package dev.ingressc.load;

import java.io.IOException;
import java.io.Reader;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

/**
 * SnakeYAML's {@link StreamReader} with the same behaviour, but linear in the length of a token.
 * SnakeYAML's own copies its whole look-ahead window on every 1,023 characters read; while the
 * scanner looks ahead through one long token (a 4 MB annotation value without a space) the window
 * is the whole token, so reading it cost time and garbage quadratic in its length (16 s and 2 GB for
 * 4 MB). This one appends in place and grows its window by doubling; the rest (code points,
 * printable check, line and column counting) is SnakeYAML 2.x's, so lines, columns and errors are
 * the same.
 *
 * <p>A {@link Mark} keeps the window it was made with; characters already written in a window are
 * never changed (a compacting or growing step copies into a new array), so a mark's snippet stays
 * true.
 */
final class LinearStreamReader extends StreamReader {
  private static final int READ_SIZE = 1024; // as SnakeYAML's

  private final Reader stream;
  private final char[] buffer = new char[READ_SIZE];
  private int[] window = new int[0];
  private int length; // code points in the window
  private int pointer;
  private boolean eof;
  private int index;
  private int documentIndex;
  private int line;
  private int column;

  LinearStreamReader(Reader stream) {
    super(Reader.nullReader());
    this.stream = stream;
  }

  @Override
  public Mark getMark() {
    return new Mark("'reader'", index, line, column, window, pointer);
  }

  @Override
  public void forward() {
    forward(1);
  }

  @Override
  public void forward(int n) {
    for (int i = 0; i < n && ensureEnoughData(0); i++) {
      int c = window[pointer++];
      index++;
      documentIndex++;
      if (Constant.LINEBR.has(c) || (c == '\r' && ensureEnoughData(0) && window[pointer] != '\n')) {
        line++;
        column = 0;
      } else if (c != 0xFEFF) {
        column++;
      }
    }
  }

  @Override
  public int peek() {
    return ensureEnoughData(0) ? window[pointer] : '\0';
  }

  @Override
  public int peek(int at) {
    return ensureEnoughData(at) ? window[pointer + at] : '\0';
  }

  @Override
  public String prefix(int n) {
    if (n == 0) {
      return "";
    }
    return ensureEnoughData(n) ? new String(window, pointer, n) : new String(window, pointer, Math.min(n, length - pointer));
  }

  @Override
  public String prefixForward(int n) {
    String prefix = prefix(n);
    pointer += n;
    index += n;
    documentIndex += n;
    column += n;
    return prefix;
  }

  @Override
  public int getColumn() {
    return column;
  }

  @Override
  public int getDocumentIndex() {
    return documentIndex;
  }

  @Override
  public void resetDocumentIndex() {
    documentIndex = 0;
  }

  @Override
  public int getIndex() {
    return index;
  }

  @Override
  public int getLine() {
    return line;
  }

  private boolean ensureEnoughData(int size) {
    if (!eof && pointer + size >= length) {
      update();
    }
    return pointer + size < length;
  }

  private void update() {
    try {
      int read = stream.read(buffer, 0, READ_SIZE - 1);
      if (read <= 0) {
        eof = true;
        return;
      }
      if (Character.isHighSurrogate(buffer[read - 1])) {
        if (stream.read(buffer, read, 1) == -1) {
          throw new ReaderException("'reader'", index + read, buffer[read - 1],
              "The last char is HighSurrogate (no LowSurrogate detected).");
        }
        read++;
      }
      makeRoom(read);
      int at = length;
      int nonPrintable = ' ';
      for (int i = 0; i < read; at++) {
        int codePoint = Character.codePointAt(buffer, i);
        window[at] = codePoint;
        if (isPrintable(codePoint)) {
          i += Character.charCount(codePoint);
        } else {
          nonPrintable = codePoint;
          i = read;
        }
      }
      length = at;
      if (nonPrintable != ' ') {
        throw new ReaderException("'reader'", length - pointer - 1, nonPrintable,
            "special characters are not allowed");
      }
    } catch (IOException e) {
      throw new YAMLException(e);
    }
  }

  /**
   * Room for {@code n} more code points after the unread ones: appended in place when the window
   * has it, else the unread part is copied to the start of a new window. A new window holds twice
   * the unread part, so that a long token is copied a constant number of times per code point on
   * average; with little unread (the usual case) it is as small as SnakeYAML's.
   */
  private void makeRoom(int n) {
    if (length + n <= window.length) {
      return;
    }
    int unread = length - pointer;
    int[] next = new int[Math.max(unread + n, 2 * unread)];
    System.arraycopy(window, pointer, next, 0, unread);
    window = next;
    length = unread;
    pointer = 0;
  }
}
