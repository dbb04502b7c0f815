package dev.ingressc.sidecar;

import dev.ingressc.testkit.proxy.RealProxy;
import java.nio.file.Files;

@RealProxy("haproxy")
class HaproxyFileWatchTest extends FileWatchContract {
  @Override
  String target() {
    return "haproxy";
  }

  @Override
  long masterPid(SidecarRun run) throws Exception {
    return Long.parseLong(Files.readString(run.workspace.output().resolve("runtime/haproxy.pid")).trim());
  }
}
