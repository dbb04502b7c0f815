package dev.ingressc.emit;

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
}
