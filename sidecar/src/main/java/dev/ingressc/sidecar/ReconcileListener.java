package dev.ingressc.sidecar;

import dev.ingressc.Compiler.Compilation;

/** Told what the loop did, e.g. to write Ingress status and Kubernetes Events. Called on the loop's thread. */
public interface ReconcileListener {
  /** Every compile, before anything is applied (rejected objects are in its diagnostics). */
  default void compiled(Compilation compilation) {}

  /**
   * The proxy serves this compilation's IR (just applied, or unchanged since). Envoy: once a node
   * has ACKed the snapshot, so possibly later than the pass, and never while no Envoy is connected.
   */
  default void served(Compilation compilation, long generation) {}

  /**
   * A candidate was not applied; the proxy keeps serving the previous configuration.
   *
   * @param stage {@code validation} or {@code reload}
   */
  default void failed(String stage, String message, Compilation compilation) {}
}
