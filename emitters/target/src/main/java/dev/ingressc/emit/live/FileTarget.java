package dev.ingressc.emit.live;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import java.nio.file.Path;

/**
 * A proxy that reads its configuration from files (nginx, HAProxy). The sidecar's loop writes each
 * candidate ({@link #emit}) to a new directory, asks {@link #check}, points {@code current} at it,
 * then calls {@link #start} once and {@link #applyRouting} for every later change. It decides once,
 * by comparing routing IRs, which of two verbs a change is, and offers it to the target before
 * writing files: {@link #applyEndpoints} when only the endpoints table changed,
 * {@link #applyRoutingLive} otherwise. Called from that one thread, but a supervised proxy may be
 * restarted concurrently.
 */
public interface FileTarget extends LiveTarget {
  /** The files of a configuration. */
  EmittedFiles emit(IngressIR routing, EndpointTable endpoints, EmitOptions options);

  /** Runs the proxy's own check over a candidate directory; nothing is applied. */
  ProxyCheck check(Path candidateDir);

  /** Starts (or attaches to) the proxy on {@code current}; returns once it serves it. */
  void start(Path candidateDir) throws ApplyException;

  /** Reloads the proxy onto {@code current}, just switched to {@code candidateDir}; returns once it serves it. */
  void applyRouting(Path candidateDir) throws ApplyException;

  /**
   * Apply endpoints: {@code routing} is the one the proxy serves (the sidecar found it unchanged),
   * only {@code endpoints} differ. Makes
   * the running proxy serve them without files or a reload (HAProxy: its runtime API; nginx lua:
   * the control socket) if it can; returns false, having changed nothing it cannot account for,
   * when files and a reload are needed (native nginx: always). The files follow later, so a
   * restart or the next reload starts from the same endpoints.
   */
  default boolean applyEndpoints(IngressIR routing, EndpointTable endpoints, EmitOptions options) {
    return false;
  }

  /**
   * A routing change offered to a proxy that can take some without a reload (HAProxy: map
   * entries and spare backends through its runtime API; nginx lua: a change its nginx.conf does not
   * show, such as an upstream crossing zero ready endpoints, posted to the control socket); false,
   * having changed nothing it cannot account for, when files and {@link #applyRouting} are needed
   * (native nginx: always).
   */
  default boolean applyRoutingLive(IngressIR routing, EndpointTable endpoints, EmitOptions options) {
    return false;
  }

  /** Whether stand-ins (HAProxy: spare backends for new Services) serve what the files give a place of its own. */
  default boolean standsIn() {
    return false;
  }

  /** {@code current} now points at the files of {@code routing} and {@code endpoints}: what a start, reload or restart loads. */
  default void switched(IngressIR routing, EndpointTable endpoints, EmitOptions options) {}

  /** Whether the proxy's master process runs. */
  boolean running();

  /** Whether the proxy keeps running when the sidecar stops (attached through its pid file). */
  default boolean outlivesSidecar() {
    return false;
  }
}
