package dev.ingressc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import dev.ingressc.testkit.proxy.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ingressc run} as its own process: serves a watched folder, and SIGTERM stops it and its proxy. */
@RealProxy("nginx")
class RunCommandTest {

  @Test
  void runWithoutWatchOrWithAnUnknownTargetIsUnusable() {
    assertThat(CliRunner.run("run", "--target", "nginx", "-f", "examples/").exitCode()).isEqualTo(ExitCodes.UNUSABLE);
    CliRunner r = CliRunner.run("run", "--target", "squid", "-f", "examples/", "--watch", "--metrics-port", "0",
        "--work-dir", System.getProperty("java.io.tmpdir") + "/ingressc-run-unknown");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.UNUSABLE);
    assertThat(r.err()).contains("nginx, haproxy or envoy");
    CliRunner both = CliRunner.run("run", "--target", "nginx", "--publish-address", "192.0.2.1",
        "--publish-service", "ingressc/ingressc");
    assertThat(both.exitCode()).isEqualTo(ExitCodes.UNUSABLE);
    assertThat(both.err()).contains("mutually exclusive");
  }

  @Test
  void servesAWatchedFolderAndStopsWithTheProxyOnSigterm(ProxyLauncher nginx) throws Exception {
    try (Workspace ws = Workspace.create("run-command"); EchoBackends backends = new EchoBackends()) {
      String address = backends.start("default/web:80", 1).get(0);
      Path manifests = Files.createDirectories(ws.root().resolve("manifests"));
      Files.writeString(manifests.resolve("web.yaml"), """
          apiVersion: v1
          kind: Service
          metadata: {name: web, namespace: default}
          spec: {ports: [{name: http, port: 80}]}
          ---
          apiVersion: discovery.k8s.io/v1
          kind: EndpointSlice
          metadata: {name: web, namespace: default, labels: {kubernetes.io/service-name: web}}
          addressType: IPv4
          ports: [{name: http, port: %d}]
          endpoints: [{addresses: [%s]}]
          ---
          apiVersion: networking.k8s.io/v1
          kind: Ingress
          metadata: {name: web, namespace: default}
          spec:
            rules:
            - host: web.example.com
              http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
          """.formatted(backends.port(), address));
      int http = Workspace.freePort();
      int metrics = Workspace.freePort();
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "dev.ingressc.cli.Main", "run", "--target", "nginx",
          "-f", manifests.toString(), "--watch", "--http-port", Integer.toString(http), "--https-port",
          Integer.toString(Workspace.freePort()), "--work-dir", ws.output().toString(), "--metrics-port",
          Integer.toString(metrics), "--metrics-address", "127.0.0.1", "--drain-timeout", "5s"));
      Path log = ws.root().resolve("run.log");
      Process run = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpResult ready = null;
        while (System.nanoTime() < deadline) {
          try {
            ready = HttpProbe.get("127.0.0.1", metrics, "localhost", "/readyz");
            if (ready.status() == 200) {
              break;
            }
          } catch (RuntimeException e) {
            // not listening yet
          }
          Thread.sleep(50);
        }
        assertThat(ready).as(Files.readString(log)).isNotNull();
        assertThat(ready.status()).as(Files.readString(log)).isEqualTo(200);
        assertThat(HttpProbe.get("127.0.0.1", http, "web.example.com", "/").echo().path("upstream").asText())
            .isEqualTo("default/web:80");
        long nginxPid = Long.parseLong(Files.readString(ws.output().resolve("runtime/nginx.pid")).trim());

        run.destroy(); // SIGTERM
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        String out = Files.readString(log);
        assertThat(out).contains("event=proxy_stopping proxy=nginx signal=QUIT", "event=stopped");
        assertThat(ProcessHandle.of(nginxPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(out).containsPattern("ts=\\S+ level=info event=applied target=nginx generation=1 how=started");
      } finally {
        run.destroyForcibly();
        run.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
