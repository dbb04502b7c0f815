package dev.ingressc.testkit.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A WebSocket client on a raw socket (the JDK's client cannot send a Host other than the address
 * it connects to): the RFC 6455 handshake, then text frames sent and their echoes read.
 */
public final class WebSocketProbe implements AutoCloseable {
  private static final int TIMEOUT_MS = 10_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final int status;
  private final Map<String, String> headers;
  private final String key;

  private WebSocketProbe(Socket socket, InputStream in, int status, Map<String, String> headers, String key)
      throws IOException {
    this.socket = socket;
    this.in = in;
    this.out = socket.getOutputStream();
    this.status = status;
    this.headers = headers;
    this.key = key;
  }

  /**
   * Connects (TLS with {@code sni} when present, without ALPN, so HTTP/1.1) and sends the handshake
   * for {@code host} and {@code target}; the answer's head is read, its body is not.
   */
  public static WebSocketProbe connect(String address, int port, Optional<String> sni, String host, String target) {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
      s.setSoTimeout(TIMEOUT_MS);
      if (sni.isPresent()) {
        SSLSocket tls = (SSLSocket) HttpProbe.trustAll().getSocketFactory().createSocket(s, address, port, true);
        SSLParameters params = tls.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(sni.get())));
        tls.setSSLParameters(params);
        tls.startHandshake();
        s = tls;
      }
      byte[] nonce = new byte[16];
      new java.util.Random().nextBytes(nonce);
      String key = Base64.getEncoder().encodeToString(nonce);
      s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
          + "User-Agent: ingressc-testkit\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      InputStream in = new BufferedInputStream(s.getInputStream());
      String statusLine = line(in);
      Map<String, String> headers = new TreeMap<>();
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        headers.merge(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim(),
            (a, b) -> a + "," + b);
      }
      return new WebSocketProbe(s, in, Integer.parseInt(statusLine.split(" ")[1]), headers, key);
    } catch (IOException e) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already failing
      }
      throw new UncheckedIOException("WebSocket handshake to " + address + ":" + port + " (Host " + host + ")", e);
    }
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** Whether the answer is a 101 whose Sec-WebSocket-Accept proves the server read our key. */
  public boolean upgraded() {
    return status == 101 && "websocket".equalsIgnoreCase(headers.getOrDefault("upgrade", ""))
        && WebSocketEcho.accept(key).equals(headers.get("sec-websocket-accept"));
  }

  /** Sends {@code text} in one masked text frame and returns the payload of the frame that comes back. */
  public String echo(String text) {
    try {
      WebSocketEcho.Frame.masked(WebSocketEcho.Frame.TEXT, text.getBytes(StandardCharsets.UTF_8)).write(out);
      WebSocketEcho.Frame f = WebSocketEcho.Frame.read(in);
      if (f == null) {
        throw new IOException("the connection closed instead of echoing");
      }
      if (f.opcode() != WebSocketEcho.Frame.TEXT || f.mask() != null) {
        throw new IOException("expected an unmasked text frame, got opcode " + f.opcode());
      }
      return new String(f.payload(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits up to {@code limit} for the proxy to close the idle connection; true when it did (end
   * of stream or reset), false when it was still open at the end.
   */
  public boolean closedWithin(Duration limit) {
    try {
      socket.setSoTimeout((int) limit.toMillis());
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed in the middle of the answer's head");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
