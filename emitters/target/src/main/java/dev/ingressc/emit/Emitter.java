package dev.ingressc.emit;

import java.util.List;

import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;

/**
 * Step 5 of the pipeline: turns the IR into one proxy's configuration files. An emitter reads the
 * compile's two results (the routing IR and the endpoints table) and its options only, and decides
 * nothing about routing: that is the IR's job.
 *
 * <p>Emitters are found with {@link java.util.ServiceLoader}, so the CLI needs no list of them.
 */
public interface Emitter {
  /** The {@code --target} name, e.g. {@code nginx}. */
  String target();

  /** Renders every file; the same routing, endpoints and options always give byte-identical files. */
  EmittedFiles emit(IngressIR routing, EndpointTable endpoints, EmitOptions options);

  /**
   * What the user should know about running this output that is not about any object: how the
   * proxy copes with its size, say. Empty for most outputs; {@code compile} prints each as a note.
   */
  default List<String> advice(IngressIR routing, EmitOptions options) {
    return List.of();
  }

  /**
   * What this target, in output format {@code format}, cannot do (SEMANTICS.md, What a target
   * lacks): the compile for it rejects each Ingress that needs one, so the IR it gets never asks.
   * A fact about the proxy, not a policy: the compiler decides what becomes of such an Ingress.
   */
  default java.util.Set<dev.ingressc.ir.TargetFeature> lacks(java.util.Optional<String> format) {
    return java.util.Set.of();
  }

  /** Its output formats, by {@code --format} name; one unnamed format ({@code ""}) for most targets. */
  default List<String> formats() {
    return List.of("");
  }

  /**
   * What this output does not serve of the IR, as the user asked for it, that is not refused: an
   * annotation a format cannot honour, say. Empty for most outputs; {@code compile} prints each as a
   * warning.
   */
  default List<String> warnings(IngressIR routing, EmitOptions options) {
    return List.of();
  }
}
