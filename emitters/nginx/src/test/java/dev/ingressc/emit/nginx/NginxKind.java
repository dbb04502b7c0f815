package dev.ingressc.emit.nginx;

import dev.ingressc.testkit.proxy.ProxyKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * nginx. {@code -e} moves the log nginx opens before it reads the config out of /var/log, and
 * {@code -p} the prefix out of /usr/share/nginx, so it runs as any user; the generated config says
 * {@code daemon off} itself.
 */
public class NginxKind implements ProxyKind {
  @Override
  public String name() {
    return "nginx";
  }

  @Override
  public String binary() {
    return "nginx";
  }

  @Override
  public String image() {
    return "nginx:1.22";
  }

  /** ssl-passthrough's config loads Debian's stream module (libnginx-mod-stream); .ci/run installs it. */
  @Override
  public Optional<String> missingLocally() {
    return Files.exists(Path.of(PassthroughPlanner.STREAM_MODULE)) ? Optional.empty()
        : Optional.of("no " + PassthroughPlanner.STREAM_MODULE + " (apt-get install libnginx-mod-stream)");
  }

  @Override
  public String configFile() {
    return "nginx.conf";
  }

  @Override
  public List<String> checkCommand(String binary, Path configDir, Path runtimeDir) {
    return List.of(binary, "-t", "-p", runtimeDir + "/", "-e", runtimeDir.resolve("startup.log").toString(),
        "-c", configDir.resolve(configFile()).toString());
  }

  @Override
  public List<String> runCommand(String binary, Path configDir, Path runtimeDir) {
    return List.of(binary, "-p", runtimeDir + "/", "-e", runtimeDir.resolve("startup.log").toString(),
        "-c", configDir.resolve(configFile()).toString());
  }
}
