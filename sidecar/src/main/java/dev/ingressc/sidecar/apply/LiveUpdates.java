package dev.ingressc.sidecar.apply;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.ir.IngressIR;

/**
 * An applier that can change what the running proxy serves without files or a reload (HAProxy:
 * map entries, server slots and spare backends through the runtime API). The delivery tries it
 * first; the files follow later, so a restart or the next reload starts from the same routing.
 */
public interface LiveUpdates {
  /**
   * Makes the running proxy serve {@code next} if it can without a reload; returns false, having
   * changed nothing it cannot account for, when a reload is needed.
   */
  boolean applyLive(IngressIR next, EmitOptions options);

  /** Whether stand-ins (HAProxy: spare backends for new Services) serve what the files give a place of its own. */
  boolean standsIn();

  /** {@code current} now points at the files of {@code ir}: what a start, reload or restart loads. */
  void switched(IngressIR ir, EmitOptions options);
}
