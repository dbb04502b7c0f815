package dev.ingressc.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One response, or a refused TLS handshake.
 *
 * @param status the status code; 0 when the handshake was refused
 * @param headers lower-case names
 * @param peerCertificate the leaf certificate the server sent, for HTTPS
 */
public record HttpResult(int status, Map<String, List<String>> headers, byte[] body,
    Optional<X509Certificate> peerCertificate) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static HttpResult handshakeRefused() {
    return new HttpResult(0, Map.of(), new byte[0], Optional.empty());
  }

  public boolean handshakeWasRefused() {
    return status == 0;
  }

  public Optional<String> header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** What the echo backend saw; fails when the body is not an echo answer. */
  public JsonNode echo() {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not an echo answer (status " + status + "): " + text(), e);
    }
  }
}
