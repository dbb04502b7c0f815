package dev.ingressc.emit.live;

/**
 * Where a target's live-update code reports what it did: one event with key/value pairs. The
 * sidecar writes them as its structured log lines; a target never formats a log line itself.
 */
@FunctionalInterface
public interface LiveLog {
  void write(String level, String event, Object... kv);

  default void info(String event, Object... kv) {
    write("info", event, kv);
  }

  default void warn(String event, Object... kv) {
    write("warn", event, kv);
  }

  default void error(String event, Object... kv) {
    write("error", event, kv);
  }
}
