package dev.ingressc.sidecar.source;

import dev.ingressc.CompileOptions;

/** Where the objects come from: a folder of manifests, or a cluster's watch caches. */
public interface InputSource extends AutoCloseable {
  /** Starts watching; {@code onChange} is called from any thread after something may have changed. */
  void start(Runnable onChange) throws Exception;

  /** Compiles what the source holds right now. */
  Snapshot compile(CompileOptions options);

  /** A short description for logs, e.g. {@code files examples/} or {@code cluster all namespaces}. */
  String describe();

  @Override
  void close();
}
