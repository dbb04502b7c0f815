package dev.ingressc.sidecar;

import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Continuous loopback requests from a few threads, each on a new connection; counts what fails. */
final class LoadClient implements AutoCloseable {
  record Result(long total, long failures, List<String> firstFailures) {}

  private final ExecutorService pool;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
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
    return new Result(total.get(), failures.get(), List.copyOf(firstFailures));
  }

  @Override
  public void close() throws InterruptedException {
    if (running.get()) {
      stop();
    }
  }
}
