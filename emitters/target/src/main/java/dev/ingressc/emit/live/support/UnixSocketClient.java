package dev.ingressc.emit.live.support;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One command line to a HAProxy CLI socket (stats or master), or one HTTP/1.0 request to nginx's
 * control socket: send it, read until the peer closes. The master CLI keeps the connection open after answering, so callers end master
 * commands with {@code ; quit}. Reads are bounded by a timeout.
 */
public final class UnixSocketClient {
  private static final int MAX_ANSWER = 4 * 1024 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private UnixSocketClient() {}

  public static String send(Path socket, String command) throws IOException {
    return exchange(socket, command + "\n");
  }

  /** Writes {@code request} as it is and returns everything the peer answers until it closes. */
  public static String exchange(Path socket, String request) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX); Selector selector = Selector.open()) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer req = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
      while (req.hasRemaining()) {
        ch.write(req);
      }
      ch.configureBlocking(false);
      ch.register(selector, SelectionKey.OP_READ);
      ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
      StringBuilder out = new StringBuilder();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (out.length() < MAX_ANSWER) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new IOException("no end of answer within " + TIMEOUT.toMillis() + " ms from " + socket);
        }
        selector.select(left);
        selector.selectedKeys().clear();
        int n = ch.read(buf);
        if (n < 0) {
          break;
        }
        buf.flip();
        out.append(StandardCharsets.US_ASCII.decode(buf));
        buf.clear();
      }
      return out.toString();
    }
  }
}
