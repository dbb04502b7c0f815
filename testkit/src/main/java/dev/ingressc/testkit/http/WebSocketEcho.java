package dev.ingressc.testkit.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The WebSocket side of the echo backends (RFC 6455): the server handshake, and frames echoed back
 * as they came until the client closes. Only what the tests need: no extensions, no fragmentation
 * across frames, payloads under 64 KiB.
 */
public final class WebSocketEcho {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private WebSocketEcho() {}

  /** A request a WebSocket server must answer: it carries a Sec-WebSocket-Key. */
  static boolean isWebSocket(Map<String, String> headers) {
    return headers.containsKey("sec-websocket-key");
  }

  /**
   * Answers the handshake and echoes frames; a request without {@code Upgrade: websocket} and
   * {@code Connection: upgrade} gets 400, as real WebSocket servers answer it.
   */
  static void serve(Map<String, String> headers, InputStream in, OutputStream out) throws IOException {
    boolean upgrade = "websocket".equalsIgnoreCase(headers.getOrDefault("upgrade", ""))
        && headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("upgrade");
    if (!upgrade) {
      byte[] body = "not a WebSocket upgrade: Upgrade or Connection is missing\n".getBytes(StandardCharsets.US_ASCII);
      out.write(("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return;
    }
    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + accept(headers.get("sec-websocket-key")) + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    while (true) {
      Frame f = Frame.read(in);
      if (f == null) {
        return;
      }
      f.unmasked().write(out);
      if (f.opcode() == Frame.CLOSE) {
        return;
      }
    }
  }

  /** Sec-WebSocket-Accept for a key: base64(SHA-1(key + GUID)). */
  public static String accept(String key) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One complete frame. {@code mask} is null for a server's unmasked frame. */
  public record Frame(int opcode, byte[] payload, byte[] mask) {
    public static final int TEXT = 1;
    public static final int CLOSE = 8;

    /** A client's frame: clients must mask. */
    public static Frame masked(int opcode, byte[] payload) {
      byte[] mask = new byte[4];
      new java.util.Random().nextBytes(mask);
      return new Frame(opcode, payload, mask);
    }

    Frame unmasked() {
      return new Frame(opcode, payload, null);
    }

    /** The next frame, or null at end of stream before it. */
    public static Frame read(InputStream in) throws IOException {
      int b0 = in.read();
      if (b0 < 0) {
        return null;
      }
      int b1 = in.read();
      if (b1 < 0) {
        throw new IOException("connection closed inside a frame header");
      }
      long length = b1 & 0x7f;
      if (length == 126) {
        length = (in.read() << 8) | in.read();
      } else if (length == 127) {
        throw new IOException("frames over 64 KiB are not supported here");
      }
      byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : null;
      byte[] payload = in.readNBytes((int) length);
      if (payload.length != length) {
        throw new IOException("connection closed inside a frame");
      }
      if (mask != null) {
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i % 4];
        }
      }
      return new Frame(b0 & 0x0f, payload, mask);
    }

    /** Writes the frame (FIN set), masking the payload when {@link #mask} is set. */
    public void write(OutputStream out) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.write(0x80 | opcode);
      int maskBit = mask == null ? 0 : 0x80;
      if (payload.length < 126) {
        b.write(maskBit | payload.length);
      } else {
        b.write(maskBit | 126);
        b.write(payload.length >> 8);
        b.write(payload.length & 0xff);
      }
      if (mask == null) {
        b.write(payload);
      } else {
        b.write(mask);
        for (int i = 0; i < payload.length; i++) {
          b.write(payload[i] ^ mask[i % 4]);
        }
      }
      out.write(b.toByteArray());
      out.flush();
    }
  }
}
