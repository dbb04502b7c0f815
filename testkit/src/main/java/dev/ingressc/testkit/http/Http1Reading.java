package dev.ingressc.testkit.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * How the {@link EchoBackends} read an HTTP/1.1 request off the wire, byte by byte as it arrives:
 * its lines exactly as sent, and its body (by length or in chunks), counted and digested so a
 * body cut short still shows how much of it came.
 */
final class Http1Reading {
  private Http1Reading() {}

  /** The body bytes read so far and their digest. */
  static final class Body {
    final MessageDigest digest;
    long bytes;

    Body() {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Reads exactly {@code n} bytes, counting each as it arrives. */
    void read(InputStream in, long n) throws IOException {
      byte[] buf = new byte[16384];
      while (n > 0) {
        int got = in.read(buf, 0, (int) Math.min(buf.length, n));
        if (got < 0) {
          throw new EOFException("connection closed within the body");
        }
        digest.update(buf, 0, got);
        bytes += got;
        n -= got;
      }
    }
  }

  /** Reads the body the head announces (chunked, up to its trailers, or Content-Length bytes) into {@code body}. */
  static void body(InputStream in, Map<String, String> headers, Body body) throws IOException {
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (String size = line(in); size != null; size = line(in)) {
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
          while (true) {
            String trailer = line(in);
            if (trailer == null) {
              throw new EOFException("connection closed within the trailers");
            }
            if (trailer.isEmpty()) {
              return;
            }
          }
        }
        body.read(in, n);
        line(in);
      }
      throw new EOFException("connection closed before the last chunk");
    }
    body.read(in, Long.parseLong(headers.getOrDefault("content-length", "0")));
  }

  /** A line without its CRLF, or null at end of stream before any byte. */
  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c = in.read();
    if (c < 0) {
      return null;
    }
    for (; c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed in the middle of a line");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }
}
