package dev.ingressc.emit.haproxy;

import dev.ingressc.testkit.proxy.ProxyKind;
import java.nio.file.Path;
import java.util.List;

/**
 * HAProxy in master-worker mode ({@code -W}) with its master socket ({@code -S}) in the runtime
 * directory, in the foreground; the generated config keeps every other runtime path there too.
 */
public final class HaproxyKind implements ProxyKind {
  @Override
  public String name() {
    return "haproxy";
  }

  @Override
  public String binary() {
    return "haproxy";
  }

  @Override
  public String image() {
    return "haproxy:2.6";
  }

  @Override
  public String configFile() {
    return "haproxy.cfg";
  }

  @Override
  public List<String> checkCommand(String binary, Path configDir, Path runtimeDir) {
    return List.of(binary, "-c", "-f", configDir.resolve(configFile()).toString());
  }

  @Override
  public List<String> runCommand(String binary, Path configDir, Path runtimeDir) {
    return List.of(binary, "-W", "-S", runtimeDir.resolve("master.sock").toString(), "-f",
        configDir.resolve(configFile()).toString());
  }
}
