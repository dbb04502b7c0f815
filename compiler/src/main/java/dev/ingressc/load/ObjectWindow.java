package dev.ingressc.load;

import java.io.Reader;

/**
 * A reader over a file's text from one object's first character on, preceded by as many spaces as
 * the object's column is indented, without copying the text. The parser reading it stops at the
 * object's end, so what follows the object is never read.
 */
final class ObjectWindow extends Reader {
  private final String text;
  private int pad;
  private int next;

  ObjectWindow(String text, int start, int pad) {
    this.text = text;
    this.next = start;
    this.pad = pad;
  }

  @Override
  public int read(char[] buf, int off, int len) {
    if (len == 0) {
      return 0;
    }
    int n = 0;
    while (pad > 0 && n < len) {
      buf[off + n++] = ' ';
      pad--;
    }
    int take = Math.min(len - n, text.length() - next);
    if (take <= 0) {
      return n > 0 ? n : -1;
    }
    text.getChars(next, next + take, buf, off + n);
    next += take;
    return n + take;
  }

  @Override
  public void close() {}
}
