package dev.ingressc.testkit.proxy;

import java.nio.file.Path;
import java.util.List;

/**
 * Checks and runs one proxy over a compiled output directory. The runtime directory must exist
 * and be reachable by the proxy's worker user.
 */
public interface ProxyLauncher {
  ProxyKind kind();

  /** How the proxy is run, for messages: e.g. {@code local /usr/sbin/nginx}. */
  String describe();

  CheckResult check(Path configDir, Path runtimeDir);

  /** Starts the proxy and returns once every port in {@code ports} accepts connections. */
  RunningProxy start(Path configDir, Path runtimeDir, List<Integer> ports);
}
