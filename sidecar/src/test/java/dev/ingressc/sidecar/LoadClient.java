package dev.ingressc.sidecar;

import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous loopback requests from a few threads, counting what fails: either each request on a
 * new connection, or, like wrk, on keep-alive connections that are reopened only when the server
 * says {@code Connection: close} (a connection that breaks without saying so is a failure). The
 * retrying variant is a keep-alive client as RFC 9112 (9.3.1) allows: a GET sent on a reused
 * connection that the server closed before answering any byte is sent again on a new one, once,
 * and counted as retried, not failed.
 */
final class LoadClient implements AutoCloseable {
  record Result(long total, long failures, List<String> firstFailures, long retried) {}

  private final ExecutorService pool;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final List<String> firstFailures = Collections.synchronizedList(new ArrayList<>());

  private LoadClient(int threads) {
    pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "load-client");
      t.setDaemon(true);
      return t;
    });
  }

  static LoadClient start(int port, String host, String path, int threads) {
    LoadClient c = new LoadClient(threads);
    for (int i = 0; i < threads; i++) {
      c.pool.execute(() -> c.loop(port, host, path));
    }
    return c;
  }

  static LoadClient startKeepAlive(int port, String host, String path, int threads) {
    return startKeepAlive(port, host, path, threads, false);
  }

  /** Keep-alive, retrying a request that a reused connection closed on before answering (see above). */
  static LoadClient startKeepAliveRetrying(int port, String host, String path, int threads) {
    return startKeepAlive(port, host, path, threads, true);
  }

  private static LoadClient startKeepAlive(int port, String host, String path, int threads, boolean retry) {
    LoadClient c = new LoadClient(threads);
    for (int i = 0; i < threads; i++) {
      c.pool.execute(() -> c.keepAliveLoop(port, host, path, retry));
    }
    return c;
  }

  private void keepAliveLoop(int port, String host, String path, boolean retry) {
    byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    while (running.get()) {
      boolean reused = false;
      boolean answering = false;
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        InputStream in = new BufferedInputStream(s.getInputStream());
        boolean open = true;
        while (open && running.get()) {
          total.incrementAndGet();
          answering = false;
          out.write(request);
          out.flush();
          String status = line(in);
          if (status == null) {
            if (retry && reused) {
              total.decrementAndGet();
              retried.incrementAndGet();
            } else {
              fail("connection closed without an answer or a Connection: close");
            }
            break;
          }
          answering = true;
          reused = true;
          long length = 0;
          for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
              length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
              open = false;
            }
          }
          in.skipNBytes(length);
          if (!status.startsWith("HTTP/1.1 200")) {
            fail(status);
          }
        }
      } catch (IOException | RuntimeException e) {
        if (retry && reused && !answering && e instanceof java.net.SocketException) {
          total.decrementAndGet(); // reset before any answer: sent again on the next connection
          retried.incrementAndGet();
        } else {
          fail(String.valueOf(e));
        }
      }
    }
  }

  /** One header line without its CRLF, or null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        return sb.isEmpty() ? null : sb.toString();
      }
      if (b != '\r') {
        sb.append((char) b);
      }
    }
    return sb.toString();
  }

  private void loop(int port, String host, String path) {
    while (running.get()) {
      total.incrementAndGet();
      try {
        HttpResult r = HttpProbe.get("127.0.0.1", port, host, path);
        if (r.status() != 200) {
          fail("status " + r.status());
        }
      } catch (RuntimeException e) {
        fail(String.valueOf(e.getCause() != null ? e.getCause() : e));
      }
    }
  }

  private void fail(String why) {
    failures.incrementAndGet();
    if (firstFailures.size() < 5) {
      firstFailures.add(why);
    }
  }

  Result stop() throws InterruptedException {
    running.set(false);
    pool.shutdown();
    if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
      throw new AssertionError("load threads did not stop within 30 s");
    }
    return new Result(total.get(), failures.get(), List.copyOf(firstFailures), retried.get());
  }

  @Override
  public void close() throws InterruptedException {
    if (running.get()) {
      stop();
    }
  }
}
