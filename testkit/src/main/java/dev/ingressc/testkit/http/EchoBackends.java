package dev.ingressc.testkit.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import dev.ingressc.testkit.fixtures.TestCertificates;

/**
 * HTTP/1.1 echo servers inside the test JVM, on loopback. Each endpoint gets its own address
 * (127.S.N.M) and all share one port, as the endpoints of one EndpointSlice do. Each answers JSON
 * saying which upstream and endpoint it is and what request it saw, with the request target
 * exactly as it arrived (a library server would parse {@code //x} as an authority), the number of
 * body bytes and their SHA-256. The last {@value #KEPT} requests whose head arrived are also kept
 * in {@link #received}, including those whose connection ended in the middle of the body. A request
 * with a Sec-WebSocket-Key is a WebSocket handshake: see {@link WebSocketEcho}.
 */
public final class EchoBackends implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "echo-backend");
    t.setDaemon(true);
    return t;
  });
  private final List<ServerSocket> sockets = new ArrayList<>();
  /** Bounded, and O(1) a request: load tests send hundreds of thousands. */
  static final int KEPT = 10_000;
  private final Journal received = new Journal();
  private final int subnet;
  /** Serves TLS with this context when set. */
  private final javax.net.ssl.SSLContext tls;
  private int port;
  private int nextService = 1;

  /** @param subnet the second octet of the addresses, so concurrent users do not collide */
  public EchoBackends(int subnet) {
    this(subnet, null);
  }

  private EchoBackends(int subnet, javax.net.ssl.SSLContext tls) {
    this.subnet = subnet;
    this.tls = tls;
  }

  /** Echo servers that speak HTTP/1.1 over TLS with {@code certificate}; their answers say {@code "tls": true}. */
  public static EchoBackends tls(int subnet, TestCertificates.Pem certificate) {
    return new EchoBackends(subnet, TestCertificates.serverContext(certificate));
  }

  public EchoBackends() {
    this(100 + (int) (ProcessHandle.current().pid() % 100));
  }

  /**
   * A request as an endpoint received it.
   *
   * @param bodyBytes the body bytes that arrived (chunk payload only, for a chunked body)
   * @param complete whether the whole body arrived; false when the connection ended within it
   */
  public record Received(String upstream, String method, String path, long bodyBytes, boolean complete) {}

  /** The last {@value #KEPT} requests whose head arrived, in order of arrival of their end. */
  public List<Received> received() {
    return List.copyOf(received.entries);
  }

  /** The last {@value #KEPT} requests. */
  private static final class Journal {
    final ConcurrentLinkedQueue<Received> entries = new ConcurrentLinkedQueue<>();
    final AtomicInteger size = new AtomicInteger();

    void add(Received r) {
      entries.add(r);
      if (size.incrementAndGet() > KEPT && entries.poll() != null) {
        size.decrementAndGet();
      }
    }
  }

  /** The port every endpoint listens on. */
  public int port() {
    return port;
  }

  /**
   * Starts {@code count} endpoints that identify as {@code upstream} (the IR upstream name, e.g.
   * {@code default/web:80}), and returns their addresses.
   */
  public synchronized List<String> start(String upstream, int count) {
    int service = nextService++;
    List<String> addresses = new ArrayList<>();
    for (int e = 1; e <= count; e++) {
      String address = "127." + subnet + "." + service + "." + e;
      addresses.add(address);
      startOne(upstream, address);
    }
    return addresses;
  }

  private void startOne(String upstream, String address) {
    try {
      ServerSocket server = tls == null ? new ServerSocket(port, 128, InetAddress.getByName(address))
          : tls.getServerSocketFactory().createServerSocket(port, 128, InetAddress.getByName(address));
      if (port == 0) {
        port = server.getLocalPort();
      }
      sockets.add(server);
      String endpoint = address + ":" + port;
      pool.execute(() -> accept(server, upstream, endpoint));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start an echo backend on " + address + ":" + port, e);
    }
  }

  private void accept(ServerSocket server, String upstream, String endpoint) {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        pool.execute(() -> serve(s, upstream, endpoint, received));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /**
   * A request with this field (a number of milliseconds) is answered in two chunks, "first\n" at
   * once and "last\n" that many milliseconds later, then the connection closes: a response a proxy
   * either streams or holds back.
   */
  public static final String STREAM_FIELD = "x-echo-stream";

  /**
   * A request with this field gets {@link #OWN_CORS} in the answer: the backend's own CORS headers,
   * which a CORS route of the proxy's must never pass on (SEMANTICS.md, CORS).
   */
  public static final String CORS_FIELD = "x-echo-cors";
  public static final String OWN_CORS = "Access-Control-Allow-Origin: https://backend.invalid\r\n"
      + "Access-Control-Max-Age: 5\r\n";

  private static void stream(OutputStream out, long pauseMs) throws IOException {
    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + "6\r\nfirst\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    try {
      Thread.sleep(pauseMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    out.write("5\r\nlast\n\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Serves requests on one connection until the peer closes it or asks to. */
  private static void serve(Socket s, String upstream, String endpoint, Journal received) {
    try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
      s.setTcpNoDelay(true);
      while (true) {
        String requestLine = Http1Reading.line(in);
        if (requestLine == null) {
          return;
        }
        String[] parts = requestLine.split(" ", 3);
        Map<String, String> headers = new TreeMap<>();
        for (String h = Http1Reading.line(in); h != null && !h.isEmpty(); h = Http1Reading.line(in)) {
          int colon = h.indexOf(':');
          headers.merge(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim(),
              (a, b) -> a + "," + b);
        }
        if (WebSocketEcho.isWebSocket(headers)) {
          WebSocketEcho.serve(headers, in, out); // the connection is the tunnel's, or closed after a 400
          return;
        }
        if (headers.containsKey(STREAM_FIELD)) {
          stream(out, Long.parseLong(headers.get(STREAM_FIELD)));
          return;
        }
        String target = parts.length > 1 ? parts[1] : "";
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Http1Reading.Body body = new Http1Reading.Body();
        try {
          Http1Reading.body(in, headers, body);
        } catch (IOException e) {
          received.add(new Received(upstream, parts[0], path, body.bytes, false));
          throw e;
        }
        received.add(new Received(upstream, parts[0], path, body.bytes, true));
        Map<String, Object> seen = new TreeMap<>();
        seen.put("upstream", upstream);
        seen.put("endpoint", endpoint);
        seen.put("host", headers.get("host"));
        seen.put("method", parts[0]);
        seen.put("path", path);
        seen.put("query", q < 0 ? null : target.substring(q + 1));
        seen.put("protocol", parts.length > 2 ? parts[2] : "");
        seen.put("peer", s.getInetAddress().getHostAddress() + ":" + s.getPort());
        seen.put("bodyBytes", body.bytes);
        seen.put("bodySha256", HexFormat.of().formatHex(body.digest.digest()));
        seen.put("headers", headers);
        seen.put("tls", s instanceof javax.net.ssl.SSLSocket);
        byte[] answer = JSON.writeValueAsBytes(seen);
        boolean close = "close".equalsIgnoreCase(headers.get("connection")) || !"HTTP/1.1".equals(seen.get("protocol"));
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + answer.length + "\r\n"
            + (headers.containsKey(CORS_FIELD) ? OWN_CORS : "") + (close ? "Connection: close\r\n" : "") + "\r\n";
        // One write, no Nagle: a head and a body written apart wait for the proxy's delayed ACK
        // (~40 ms a request on a kept-alive upstream connection).
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] response = new byte[headBytes.length + answer.length];
        System.arraycopy(headBytes, 0, response, 0, headBytes.length);
        System.arraycopy(answer, 0, response, headBytes.length, answer.length);
        out.write(response);
        out.flush();
        if (close) {
          return;
        }
      }
    } catch (SocketException e) {
      // the proxy closed a kept-alive connection
    } catch (IOException e) {
      // a broken request ends its connection; the test sees the proxy's answer
    }
  }

  @Override
  public void close() {
    for (ServerSocket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // already closed
      }
    }
    pool.shutdownNow();
  }
}
