package dev.ingressc.sidecar;

import dev.ingressc.testkit.proxy.RealProxy;
import java.nio.file.Files;

@RealProxy("nginx")
class NginxFileWatchTest extends FileWatchContract {
  @Override
  String target() {
    return "nginx";
  }

  @Override
  long masterPid(SidecarRun run) throws Exception {
    return Long.parseLong(Files.readString(run.workspace.output().resolve("runtime/nginx.pid")).trim());
  }
}
