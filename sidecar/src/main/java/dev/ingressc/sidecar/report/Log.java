package dev.ingressc.sidecar.report;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Structured logs: one line per event, {@code ts=… level=… event=… key=value …}. Values with spaces,
 * quotes or {@code =} are quoted and escaped, so every line splits unambiguously. Nothing here ever receives
 * key material: callers log names and paths, never file contents.
 */
public final class Log {
  private static volatile PrintStream out = System.err;

  private Log() {}

  /** Redirects the log (tests capture it). */
  public static void to(PrintStream stream) {
    out = stream;
  }

  public static void info(String event, Object... kv) {
    write("info", event, kv);
  }

  public static void warn(String event, Object... kv) {
    write("warn", event, kv);
  }

  public static void error(String event, Object... kv) {
    write("error", event, kv);
  }

  /** One event at {@code level}; the target rooms report through this ({@link dev.ingressc.emit.live.LiveLog}). */
  public static void write(String level, String event, Object... kv) {
    StringBuilder sb = new StringBuilder(128);
    sb.append("ts=").append(Instant.now()).append(" level=").append(level).append(" event=").append(event);
    for (int i = 0; i + 1 < kv.length; i += 2) {
      sb.append(' ').append(kv[i]).append('=').append(quote(String.valueOf(kv[i + 1])));
    }
    out.println(sb);
  }

  /**
   * A value as is when it is plain ASCII without spaces, quotes or {@code =}; otherwise quoted, with
   * {@code "} and {@code \} escaped and control, bidi, zero-width and separator characters as
   * <code>&#92;uXXXX</code> ({@link dev.ingressc.diag.UserText}), so a value never ends or forges a line.
   */
  static String quote(String v) {
    boolean plain = !v.isEmpty() && v.chars().allMatch(c -> c > ' ' && c != '"' && c != '=' && c < 127);
    return plain ? v : dev.ingressc.diag.UserText.quote(v, Integer.MAX_VALUE);
  }
}
