package dev.ingressc.testkit.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How {@link HttpProbe} reads an HTTP/1.1 answer off the wire: the status line, the header fields
 * (names lower-cased, values in order), and the body (none for HEAD, 204 and 304; else by chunks,
 * by length or up to the close). Apart from {@link Http1Reading}, how the echo backends read a
 * request, where a stream that ends between lines is not an error; here every line must be whole.
 */
final class Http1ResponseReading {
  private Http1ResponseReading() {}

  /** The answer on {@code in}; {@code head}: the request was HEAD, so no body follows. */
  static HttpResult parse(InputStream in, boolean head, Optional<X509Certificate> cert) throws IOException {
    String statusLine = line(in);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(h.substring(colon + 1).trim());
    }
    byte[] body;
    List<String> te = headers.getOrDefault("transfer-encoding", List.of());
    List<String> cl = headers.getOrDefault("content-length", List.of());
    if (head || status == 204 || status == 304) {
      body = new byte[0];
    } else if (!te.isEmpty() && te.get(0).equalsIgnoreCase("chunked")) {
      body = chunked(in);
    } else if (!cl.isEmpty()) {
      body = in.readNBytes(Integer.parseInt(cl.get(0)));
    } else {
      body = in.readAllBytes();
    }
    return new HttpResult(status, headers, body, cert);
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      int semi = size.indexOf(';');
      int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
      if (n == 0) {
        while (!line(in).isEmpty()) {
          // trailers
        }
        return out.toByteArray();
      }
      out.write(in.readNBytes(n));
      line(in);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
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
