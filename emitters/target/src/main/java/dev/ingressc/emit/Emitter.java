package dev.ingressc.emit;

import dev.ingressc.ir.IngressIR;

/**
 * Step 5 of the pipeline: turns the IR into one proxy's configuration files. An emitter reads the
 * IR and its options only, and decides nothing about routing: that is the IR's job.
 *
 * <p>Emitters are found with {@link java.util.ServiceLoader}, so the CLI needs no list of them.
 */
public interface Emitter {
  /** The {@code --target} name, e.g. {@code nginx}. */
  String target();

  /** Renders every file; the same IR and options always give byte-identical files. */
  EmittedFiles emit(IngressIR ir, EmitOptions options);
}
