package dev.ingressc.sidecar.apply;

import java.nio.file.Path;

/**
 * How one proxy target takes a new configuration. The reconcile loop writes each candidate to a
 * new directory, asks {@link #validate}, points {@code current} at it, then calls {@link #start}
 * once and {@link #reload} for every later change. Implementations are called from that one
 * thread, but a supervised proxy may be restarted concurrently.
 */
public interface Applier extends AutoCloseable {
  /** The {@code --target} name. */
  String target();

  /** Runs the proxy's own check over a candidate directory; nothing is applied. */
  ProxyCheck validate(Path candidateDir);

  /** Starts (or attaches to) the proxy on {@code current}; returns once it serves it. */
  void start(Path candidateDir) throws ApplyException;

  /** Reloads the proxy onto {@code current}, just switched to {@code candidateDir}; returns once it serves it. */
  void reload(Path candidateDir) throws ApplyException;

  /** Whether the proxy's master process runs. */
  boolean running();

  /** Whether the proxy keeps running when the sidecar stops (attached through its pid file). */
  default boolean outlivesSidecar() {
    return false;
  }

  /** Stops the proxy gracefully (old connections drain), bounded by the drain time. */
  @Override
  void close();
}
