package dev.ingressc.sidecar;

import static dev.ingressc.sidecar.Yaml.ingress;
import static dev.ingressc.sidecar.Yaml.service;
import static dev.ingressc.sidecar.Yaml.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.TestCertificates;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

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

  /**
   * {@code nginx -t} passes a configuration whose HTTPS port another process holds: only the reload
   * fails, when the master cannot bind it. The old workers keep serving the old configuration, as
   * before (in the lua format, no longer closing keep-alive connections), the failure is counted,
   * and once the port is free the next change is served.
   */
  @Test
  void aReloadNginxRefusesAfterItsCheckPassedLeavesTheOldWorkersServingAsBefore(ProxyLauncher proxy)
      throws Exception {
    try (EchoBackends backends = new EchoBackends(); SidecarRun run = serving(proxy, Function.identity(), backends,
        backends.start("default/web:80", 1))) {
      long master = masterPid(run);
      Path served = Files.readSymbolicLink(run.current());
      TestCertificates.Pem cert = TestCertificates.selfSigned(List.of(WEB));
      try (ServerSocket taken = new ServerSocket(run.httpsPort)) {
        run.write("secret-web.yaml", tlsSecret("web-tls", cert.certificate(), cert.key()));
        run.write("ing-web.yaml", ingress("web", WEB, "/", "web", "web-tls"));
        Eventually.await("the reload refused", SERVED, () -> run.sidecar.metrics().reloadsFailed(), n -> n == 1);
        assertThat(run.sidecar.metrics().validationsFailed()).isZero();
        assertThat(Files.readSymbolicLink(run.current())).isEqualTo(served);
        assertThat(masterPid(run)).isEqualTo(master);
        assertThat(run.get(WEB, "/").status()).isEqualTo(200); // no redirect to HTTPS
        assertThat(keptConnections(run, 8)).isTrue();
      }
      run.write("svc-api.yaml", service("api", 80, backends.port(), backends.start("default/api:80", 1)));
      run.write("ing-api.yaml", ingress("api", API, "/", "api"));
      run.awaitServedBy(API, "/", "default/api:80", SERVED);
      assertThat(served(run).getSubjectX500Principal().getName()).contains(WEB);
      assertThat(run.sidecar.metrics().reloadsFailed()).isEqualTo(1);
    }
  }
}
