package dev.ingressc.sidecar.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** {@code /healthz}, {@code /readyz} and {@code /metrics} on the metrics port. */
public final class AdminServer implements AutoCloseable {
  private final HttpServer server;

  /**
   * @param healthy whether the loop is alive (the proxy may be restarting)
   * @param ready whether the proxy has served a configuration
   */
  public AdminServer(String bindAddress, int port, Metrics metrics, BooleanSupplier healthy, BooleanSupplier ready) {
    try {
      server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + bindAddress + ":" + port + " for /metrics", e);
    }
    server.createContext("/healthz", x -> answer(x, healthy.getAsBoolean() ? 200 : 503,
        healthy.getAsBoolean() ? "ok\n" : "unhealthy\n", "text/plain"));
    server.createContext("/readyz", x -> answer(x, ready.getAsBoolean() ? 200 : 503,
        ready.getAsBoolean() ? "ready\n" : "no configuration served yet\n", "text/plain"));
    server.createContext("/metrics", x -> answer(x, 200, metrics.render(), "text/plain; version=0.0.4"));
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ingressc-admin");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange x, int status, String body, String type) throws IOException {
    try (x) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().set("Content-Type", type);
      x.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
