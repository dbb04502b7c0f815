package dev.ingressc.sidecar;

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

  /** As deploy/deployment.yaml's proxy container runs it. */
  @Override
  List<String> externalCommand(SidecarRun run, String binary) {
    Path work = run.workspace.output();
    return List.of(binary, "-p", work.resolve("runtime") + "/", "-e", work.resolve("runtime/startup.log").toString(),
        "-c", work.resolve("current/nginx.conf").toString());
  }

  @Override
  long masterPid(SidecarRun run) throws Exception {
    return Long.parseLong(Files.readString(run.workspace.output().resolve("runtime/nginx.pid")).trim());
  }
}
