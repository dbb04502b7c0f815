package dev.ingressc.sidecar;

import static dev.ingressc.sidecar.Yaml.ingress;
import static dev.ingressc.sidecar.Yaml.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

@RealProxy("haproxy")
class HaproxyFileWatchTest extends FileWatchContract {
  @Override
  String target() {
    return "haproxy";
  }

  @Override
  SidecarConfig reloadEveryChange(SidecarConfig c) {
    return c.withRuntimeApi(false);
  }

  /**
   * One endpoint leaves two server slots. Adding one, then replacing one, fits them: both go
   * through the runtime API, and the reload counter does not move. A third endpoint does not fit:
   * that change reloads.
   */
  @Test
  void endpointOnlyChangesThatFitTheSlotsGoThroughTheRuntimeApiWithoutAReload(ProxyLauncher proxy) throws Exception {
    try (EchoBackends backends = new EchoBackends()) {
      List<String> a = backends.start("default/web:80", 4);
      try (SidecarRun run = serving(proxy, Function.identity(), backends, List.of(a.get(0)))) {
        long reloads = run.sidecar.metrics().reloads();

        run.write("svc-web.yaml", service("web", 80, backends.port(), List.of(a.get(0), a.get(1))));
        awaitEndpoints(run, backends, Set.of(a.get(0), a.get(1)));
        Eventually.await("the runtime update counted", SERVED, () -> run.sidecar.metrics().runtimeUpdates(),
            n -> n == 1);

        run.write("svc-web.yaml", service("web", 80, backends.port(), List.of(a.get(1), a.get(2))));
        awaitEndpoints(run, backends, Set.of(a.get(1), a.get(2)));
        Eventually.await("the second runtime update counted", SERVED, () -> run.sidecar.metrics().runtimeUpdates(),
            n -> n == 2);
        assertThat(run.sidecar.metrics().reloads()).isEqualTo(reloads);

        run.write("svc-web.yaml", service("web", 80, backends.port(), List.of(a.get(1), a.get(2), a.get(3))));
        awaitEndpoints(run, backends, Set.of(a.get(1), a.get(2), a.get(3)));
        Eventually.await("a reload for the third endpoint", SERVED, () -> run.sidecar.metrics().reloads(),
            n -> n == reloads + 1);
        assertThat(run.sidecar.metrics().runtimeUpdates()).isEqualTo(2);
        assertThat(run.sidecar.metrics().reloadsFailed()).isZero();
      }
    }
  }

  /**
   * A new Ingress with a new Service is served at once from a spare backend, with no reload, and
   * the old routes keep answering. Once changes pause, its files follow and a reload gives the
   * Service a backend of its own. A route change is then served without a reload; a HAProxy that
   * dies before its files are written restarts on the older files, and the sidecar serves the
   * new route again, still without a reload. Removing the Ingress needs none either.
   */
  @Test
  void aNewServiceIsServedFromASpareBackendWithoutAReloadAndItsFilesFollow(ProxyLauncher proxy) throws Exception {
    try (EchoBackends backends = new EchoBackends()) {
      List<String> web = backends.start("default/web:80", 1);
      List<String> api = backends.start("default/api:80", 2);
      try (SidecarRun run = serving(proxy, Function.identity(), backends, web)) {
        long reloads = run.sidecar.metrics().reloads();

        run.write("svc-api.yaml", service("api", 80, backends.port(), api));
        run.write("ing-api.yaml", ingress("api", API, "/v1(x)&y=z", "api"));
        run.awaitServedBy(API, "/v1(x)&y=z/items", "default/api:80", SERVED);
        run.awaitStatus(API, "/v1", 404, SERVED);
        run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
        assertThat(run.sidecar.metrics().reloads()).as("reloads").isEqualTo(reloads);
        assertThat(run.sidecar.metrics().runtimeUpdates()).isPositive();

        // Changes pause: the files are written, and a reload gives the Service its own backend.
        Eventually.await("the files of the change", SERVED,
            () -> read(run.current().resolve("haproxy.cfg")), cfg -> java.util.regex.Pattern.compile("(?m)^backend b[0-9a-f]{8}_default_api:80$").matcher(cfg).find());
        Eventually.await("the reload that frees the spare", SERVED, () -> run.sidecar.metrics().reloads(),
            n -> n == reloads + 1);
        run.awaitServedBy(API, "/v1(x)&y=z/items", "default/api:80", SERVED);

        // Dies while behind: the route of a change not yet in the files is served again after the restart.
        run.write("ing-api.yaml", ingress("api", API, "/v2", "api"));
        run.awaitServedBy(API, "/v2", "default/api:80", SERVED);
        long master = masterPid(run);
        assertThat(dev.ingressc.emit.live.support.Signals.send(master, "KILL")).isTrue();
        Eventually.await("the proxy restarted", SERVED, () -> run.sidecar.metrics().proxyRestarts(), n -> n >= 1);
        Eventually.await("a new master", SERVED, () -> pidOrZero(run), pid -> pid != master && pid != 0);
        run.awaitServedBy(API, "/v2", "default/api:80", SERVED);
        run.awaitStatus(API, "/v1(x)&y=z", 404, SERVED);

        run.delete("ing-api.yaml");
        run.awaitStatus(API, "/v2", 404, SERVED);
        run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
        assertThat(run.sidecar.metrics().reloads()).as("reloads, the restart included").isEqualTo(reloads + 1);
      }
    }
  }

  /**
   * One change of 300 hosts with long paths is 900 runtime-API commands, some 60 kB: it goes in
   * several batches, still without a reload, and every host answers.
   */
  @Test
  void aLargeChangeGoesThroughTheRuntimeApiInSeveralBatches(ProxyLauncher proxy) throws Exception {
    try (EchoBackends backends = new EchoBackends(); SidecarRun run = serving(proxy, Function.identity(), backends,
        backends.start("default/web:80", 1))) {
      long reloads = run.sidecar.metrics().reloads();
      String path = "/" + "segment/".repeat(12) + "end";
      StringBuilder many = new StringBuilder();
      for (int i = 0; i < 300; i++) {
        many.append(ingress("bulk" + i, "bulk" + i + ".example.com", path, "web"));
      }
      run.write("ing-bulk.yaml", many.toString());
      for (int i = 0; i < 300; i += 37) {
        run.awaitServedBy("bulk" + i + ".example.com", path, "default/web:80", SERVED);
      }
      run.awaitServedBy("bulk299.example.com", path + "/x", "default/web:80", SERVED);
      assertThat(run.sidecar.metrics().reloads()).isEqualTo(reloads);
    }
  }

  /**
   * Keep-alive clients (as wrk) send without pause while 20 changes each reload HAProxy (the
   * runtime API is off, so that every change reloads). The old worker answers each idle
   * connection's next request with "Connection: close" instead of closing it under the client, so
   * no request fails.
   */
  @Test
  void keepAliveClientsLoseNoRequestAcrossReloads(ProxyLauncher proxy) throws Exception {
    assertKeepAliveClientsLoseNoRequestAcrossReloads(proxy, LoadClient::startKeepAlive);
  }

  private static String read(java.nio.file.Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** Waits until a round of requests reaches exactly these endpoints (round-robin: 4 per endpoint). */
  static void awaitEndpoints(SidecarRun run, EchoBackends backends, Set<String> addresses) {
    Set<String> wanted = new TreeSet<>();
    addresses.forEach(x -> wanted.add(x + ":" + backends.port()));
    Eventually.await("endpoints " + wanted, SERVED, () -> {
      Set<String> seen = new TreeSet<>();
      for (int i = 0; i < 4 * addresses.size(); i++) {
        seen.add(run.get(WEB, "/" + i).echo().path("endpoint").asText());
      }
      return seen;
    }, wanted::equals);
  }

  @Override
  String configFile() {
    return "haproxy.cfg";
  }

  /** As the HAProxy variant in deploy/deployment.yaml's comments runs it. */
  @Override
  List<String> externalCommand(SidecarRun run, String binary) {
    java.nio.file.Path work = run.workspace.output();
    return List.of(binary, "-W", "-S", work.resolve("runtime/master.sock").toString(), "-f",
        work.resolve("current/haproxy.cfg").toString());
  }

  @Override
  long masterPid(SidecarRun run) throws Exception {
    return Long.parseLong(Files.readString(run.workspace.output().resolve("runtime/haproxy.pid")).trim());
  }
}
