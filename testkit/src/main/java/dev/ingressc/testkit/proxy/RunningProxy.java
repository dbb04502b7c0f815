package dev.ingressc.testkit.proxy;

/** A proxy serving a configuration; closing it stops the proxy and waits for it to exit. */
public interface RunningProxy extends AutoCloseable {
  /** Where the proxy's ports are reached. */
  String address();

  /** What the proxy printed so far. */
  String output();

  @Override
  void close();
}
