package dev.ingressc.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.proxy.RealProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

@RealProxy("nginx")
class NginxFileWatchTest extends FileWatchContract {
  @Override
  String target() {
    return "nginx";
  }

  @Override
  String configFile() {
    return "nginx.conf";
  }

  /**
   * The proxy container's command in deploy/deployment.yaml, run here: its shared volume is the
   * sidecar's work directory, and its nginx is the one under test.
   */
  @Override
  List<String> externalCommand(SidecarRun run, String binary) {
    List<String> command = DeployManifest.container("proxy").getCommand();
    assertThat(command).hasSize(3).startsWith("/bin/sh", "-c");
    String script = command.get(2).replace(DeployManifest.CONFIG_MOUNT, run.workspace.output().toString());
    assertThat(script).contains("exec nginx ");
    return List.of("/bin/sh", "-c", script.replace("exec nginx ", "exec " + binary + " "));
  }

  @Override
  long masterPid(SidecarRun run) throws Exception {
    return Long.parseLong(Files.readString(run.workspace.output().resolve("runtime/nginx.pid")).trim());
  }
}
