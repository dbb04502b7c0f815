package dev.ingressc.testkit.proxy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the harness needs to know about one proxy to check and run a compiled configuration. The
 * launchers (local process, container) are the same for every proxy.
 */
public interface ProxyKind {
  /** The target name, as in {@code INGRESSC_REQUIRE_PROXIES} and {@code --target}. */
  String name();

  /** The executable looked up on PATH. */
  String binary();

  /** The Testcontainers image used when the binary is not installed; null when there is none. */
  String image();

  /** What the local installation lacks for this kind (a module, say), or empty when it can run it. */
  default Optional<String> missingLocally() {
    return Optional.empty();
  }

  /** The main configuration file inside the output directory. */
  String configFile();

  /** Checks the configuration; exit code 0 means valid. */
  List<String> checkCommand(String binary, Path configDir, Path runtimeDir);

  /** Runs the proxy in the foreground until it is signalled. */
  List<String> runCommand(String binary, Path configDir, Path runtimeDir);
}
