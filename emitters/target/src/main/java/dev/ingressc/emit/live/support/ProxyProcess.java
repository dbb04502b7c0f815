package dev.ingressc.emit.live.support;

import java.util.Optional;

/** The proxy's master process, whether the sidecar started it or attached to it. */
public interface ProxyProcess extends AutoCloseable {
  /** The master's pid, when it runs. */
  Optional<Long> pid();

  /** Starts it (or checks the attached one exists); returns at once. */
  void start();

  /**
   * Stops it gracefully with {@code signal} (workers finish their requests), waiting at most the
   * drain time before killing it. An attached proxy is left running: its container owns it.
   */
  void stop(String signal);

  /** What it printed, for error messages (empty when attached). */
  String output();

  @Override
  default void close() {
    stop("TERM");
  }
}
