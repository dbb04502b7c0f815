package dev.ingressc.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/**
 * fabric8 and java-control-plane log through slf4j: the sidecar ships slf4j's java.util.logging
 * provider, so their warnings reach JUL (where gRPC logs too) instead of slf4j's no-op fallback.
 */
class LibraryLoggingTest {
  @Test
  void aLibraryWarningThroughSlf4jReachesJavaUtilLogging() {
    List<String> seen = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        seen.add(r.getLevel() + " " + new SimpleFormatter().formatMessage(r));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger jul = Logger.getLogger(SimpleCache.class.getName());
    jul.addHandler(capture);
    try {
      org.slf4j.LoggerFactory.getLogger(SimpleCache.class).warn("probe {}", 42);
    } finally {
      jul.removeHandler(capture);
    }
    assertThat(org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName()).doesNotContain("NOP");
    assertThat(seen).containsExactly("WARNING probe 42");
  }
}
