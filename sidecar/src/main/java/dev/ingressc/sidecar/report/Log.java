package dev.ingressc.sidecar.report;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Structured logs: one line per event, {@code ts=… level=… event=… key=value …}. Values with spaces,
 * quotes or {@code =} are quoted, so every line splits unambiguously. Nothing here ever receives
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

  private static void write(String level, String event, Object[] kv) {
    StringBuilder sb = new StringBuilder(128);
    sb.append("ts=").append(Instant.now()).append(" level=").append(level).append(" event=").append(event);
    for (int i = 0; i + 1 < kv.length; i += 2) {
      sb.append(' ').append(kv[i]).append('=').append(quote(String.valueOf(kv[i + 1])));
    }
    out.println(sb);
  }

  static String quote(String v) {
    boolean plain = !v.isEmpty() && v.chars().allMatch(c -> c > ' ' && c != '"' && c != '=' && c < 127);
    if (plain) {
      return v;
    }
    StringBuilder sb = new StringBuilder(v.length() + 2).append('"');
    for (char c : v.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
