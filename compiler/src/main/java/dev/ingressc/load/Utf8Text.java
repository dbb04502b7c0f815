package dev.ingressc.load;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.diag.Severity;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A manifest file's bytes as text: UTF-8, as Kubernetes manifests are, or a diagnostic why not. */
final class Utf8Text {
  private Utf8Text() {}

  /**
   * The file's text, or null when it is not UTF-8 (as Kubernetes manifests are): then only this
   * file is skipped, with the byte offset of its first bad byte, and the other inputs are read.
   */
  static String decode(String file, byte[] bytes, Diagnostics diagnostics) {
    String bom = utf16Or32(bytes);
    if (bom != null) {
      fileProblem(diagnostics, file, 0, "the file is " + bom + ", not UTF-8; it is skipped (save it as UTF-8)");
      return null;
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = decoder.decode(in, out, true);
    if (r.isError()) {
      long line = 1;
      for (int i = 0; i < in.position(); i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      fileProblem(diagnostics, file, (int) Math.min(line, Integer.MAX_VALUE), "invalid UTF-8 at byte offset " + in.position()
          + " (byte 0x" + String.format(Locale.ROOT, "%02x", bytes[in.position()] & 0xff)
          + "); the file is skipped (save it as UTF-8)");
      return null;
    }
    decoder.flush(out);
    out.flip();
    String text = out.toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** The name of the encoding a byte-order mark (or a NUL next to the first character) announces. */
  private static String utf16Or32(byte[] b) {
    if (b.length >= 4 && ((b[0] == 0 && b[1] == 0 && (b[2] & 0xff) == 0xfe && (b[3] & 0xff) == 0xff)
        || ((b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe && b[2] == 0 && b[3] == 0))) {
      return "UTF-32";
    }
    if (b.length >= 2 && (((b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) || ((b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe))) {
      return "UTF-16";
    }
    if (b.length >= 2 && (b[0] == 0) != (b[1] == 0)) {
      return "UTF-16 (no byte-order mark)";
    }
    return null;
  }

  private static void fileProblem(Diagnostics diagnostics, String file, int line, String message) {
    diagnostics.add(new Diagnostic(Severity.ERROR, "", file, line, "", message));
  }
}
