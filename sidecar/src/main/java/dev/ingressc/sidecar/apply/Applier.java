package dev.ingressc.sidecar.apply;

import dev.ingressc.ir.IngressIR;
import java.nio.file.Path;

/**
 * How one proxy target takes a new configuration. The reconcile loop writes each candidate to a
 * new directory, asks {@link #validate}, points {@code current} at it, then calls {@link #start}
 * once and {@link #apply} for every later change. Implementations are called from that one
 * thread, but a supervised proxy may be restarted concurrently.
 */
public interface Applier extends AutoCloseable {
  /** The {@code --target} name. */
  String target();

  /** Runs the proxy's own check over a candidate directory; nothing is applied. */
  ProxyCheck validate(Path candidateDir);

  /** Starts (or attaches to) the proxy on {@code current}; returns once it serves it. */
  void start(Path candidateDir) throws ApplyException;

  /**
   * Makes the proxy serve {@code current}, just switched to {@code candidateDir}.
   *
   * @param served the IR the proxy serves now
   * @param next the IR of the candidate
   */
  Applied apply(IngressIR served, IngressIR next, Path candidateDir) throws ApplyException;

  /** Whether the proxy's master process runs. */
  boolean running();

  /** Stops the proxy gracefully (old connections drain), bounded by the drain time. */
  @Override
  void close();

  /** How a change reached the proxy. */
  enum Applied {
    /** A full reload; old workers drain. */
    RELOADED,
    /** Endpoint changes through a runtime API, with no reload. */
    RUNTIME_UPDATED
  }
}
