package dev.ingressc.testkit.bench;

import dev.ingressc.testkit.proxy.RunningProxy;
import dev.ingressc.testkit.proxy.Workspace;

/** A benchmarked proxy running one config in its own workspace, listening on {@code port}. */
record BenchProxy(String name, Workspace ws, RunningProxy proxy, int port) implements AutoCloseable {
  @Override
  public void close() {
    proxy.close();
    ws.close();
  }
}
