package dev.ingressc.sidecar;

import static dev.ingressc.sidecar.Yaml.ingress;
import static dev.ingressc.sidecar.Yaml.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.emit.nginx.LuaEndpoints;
import dev.ingressc.emit.live.support.UnixSocketClient;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The sidecar contract for nginx in the lua format ({@code --format lua}), and what that format
 * adds: endpoint changes are posted to nginx, with no reload.
 */
@RealProxy("nginx-lua")
class NginxLuaFileWatchTest extends NginxFileWatchTest {
  @Override
  SidecarConfig variant(SidecarConfig c) {
    return c.withFormat(Optional.of("lua"));
  }

  /**
   * Unlike the native format, the lua format loses no request of keep-alive clients that do not
   * retry: before each reload the running workers answer with Connection: close (POST /drain), so
   * the clients move to new connections before those workers stop.
   */
  @Test
  void keepAliveClientsLoseNoRequestAcrossReloads(ProxyLauncher proxy) throws Exception {
    assertKeepAliveClientsLoseNoRequestAcrossReloads(proxy, LoadClient::startKeepAlive);
  }

  /**
   * Adding, replacing and losing every ready endpoint (503), then getting one back, are each
   * served without a reload. Their files follow once changes pause. A route change then reloads,
   * and the reloaded nginx serves the endpoints of the files.
   */
  @Test
  void endpointChangesArePostedToNginxWithoutAReload(ProxyLauncher proxy) throws Exception {
    try (EchoBackends backends = new EchoBackends()) {
      List<String> a = backends.start("default/web:80", 3);
      try (SidecarRun run = serving(proxy, Function.identity(), backends, List.of(a.get(0)))) {
        long reloads = run.sidecar.metrics().reloads();
        long master = masterPid(run);

        run.write("svc-web.yaml", service("web", 80, backends.port(), List.of(a.get(0), a.get(1))));
        HaproxyFileWatchTest.awaitEndpoints(run, backends, Set.of(a.get(0), a.get(1)));
        run.write("svc-web.yaml", service("web", 80, backends.port(), List.of(a.get(1), a.get(2))));
        HaproxyFileWatchTest.awaitEndpoints(run, backends, Set.of(a.get(1), a.get(2)));
        run.write("svc-web.yaml", service("web", 80, backends.port(), List.of()));
        run.awaitStatus(WEB, "/", 503, SERVED);
        run.write("svc-web.yaml", service("web", 80, backends.port(), List.of(a.get(2))));
        HaproxyFileWatchTest.awaitEndpoints(run, backends, Set.of(a.get(2)));
        Eventually.await("four runtime updates", SERVED, () -> run.sidecar.metrics().runtimeUpdates(), n -> n == 4);
        assertThat(run.sidecar.metrics().reloads()).isEqualTo(reloads);
        assertThat(masterPid(run)).isEqualTo(master);
        Eventually.await("the files follow", SERVED, () -> endpointsFile(run),
            f -> f.contains(a.get(2) + ":" + backends.port()) && !f.contains(a.get(1)));
        assertThat(run.sidecar.metrics().reloads()).isEqualTo(reloads);

        run.write("ing-web.yaml", ingress("web", WEB, "/moved", "web"));
        run.awaitStatus(WEB, "/", 404, SERVED);
        run.awaitServedBy(WEB, "/moved", "default/web:80", SERVED);
        Eventually.await("one reload", SERVED, () -> run.sidecar.metrics().reloads(), n -> n == reloads + 1);
        for (int i = 0; i < 4; i++) {
          assertThat(run.get(WEB, "/moved/" + i).echo().path("endpoint").asText())
              .isEqualTo(a.get(2) + ":" + backends.port());
        }

        // A new host and the first endpoint back, in one pass: that reloads, and what was posted
        // for web (the third endpoint) must not outlive it.
        run.write("svc-web.yaml", service("web", 80, backends.port(), List.of(a.get(0)))
            + ingress("api", API, "/", "web"));
        run.awaitServedBy(API, "/", "default/web:80", SERVED);
        Eventually.await("two reloads", SERVED, () -> run.sidecar.metrics().reloads(), n -> n == reloads + 2);
        Eventually.await("only the first endpoint", SERVED, () -> endpointsSeen(run, "/moved/"),
            Set.of(a.get(0) + ":" + backends.port())::equals);
        assertThat(run.sidecar.metrics().reloadsFailed()).isZero();
      }
    }
  }

  /**
   * POST /drain marks the running workers: each of their answers says Connection: close (after
   * nginx's own keep-alive line), and DELETE /drain unmarks them. The workers of a later load (a
   * reload) are not marked.
   */
  @Test
  void theDrainMarkClosesKeepAliveConnectionsOfTheRunningWorkersOnly(ProxyLauncher proxy) throws Exception {
    try (EchoBackends backends = new EchoBackends(); SidecarRun run = serving(proxy, Function.identity(), backends,
        backends.start("default/web:80", 1))) {
      Path socket = run.workspace.output().resolve("runtime").resolve(LuaEndpoints.CONTROL_SOCKET);
      assertThat(keptConnections(run, 8)).isTrue();
      assertThat(control(socket, "GET")).startsWith("HTTP/1.1 405");
      assertThat(keptConnections(run, 8)).isTrue();

      assertThat(control(socket, "POST")).startsWith("HTTP/1.1 200");
      for (int i = 0; i < 8; i++) {
        assertThat(HttpProbe.getKeepAlive("127.0.0.1", run.httpPort, WEB, "/").headers().get("connection"))
            .containsExactly("keep-alive", "close");
      }
      assertThat(control(socket, "DELETE")).startsWith("HTTP/1.1 200");
      assertThat(keptConnections(run, 8)).isTrue();

      assertThat(control(socket, "POST")).startsWith("HTTP/1.1 200");
      assertThat(keptConnections(run, 1)).isFalse();
      long reloads = run.sidecar.metrics().reloads();
      run.write("ing-api.yaml", ingress("api", API, "/", "web"));
      run.awaitServedBy(API, "/", "default/web:80", SERVED);
      Eventually.await("a reload", SERVED, () -> run.sidecar.metrics().reloads(), n -> n > reloads);
      Eventually.await("8 answers in a row that keep the connection", SERVED, () -> keptConnections(run, 8),
          kept -> kept);
    }
  }

  /**
   * The control socket takes only lines of an id, a method and host:port words: anything else is
   * refused whole, and what is served does not change.
   */
  @Test
  void theControlSocketRefusesAnythingButEndpointLines(ProxyLauncher proxy) throws Exception {
    try (EchoBackends backends = new EchoBackends()) {
      List<String> a = backends.start("default/web:80", 1);
      try (SidecarRun run = run(proxy, Function.identity(), backends, a)) {
        run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
        String id = endpointsFile(run).lines().filter(l -> l.contains(a.get(0))).findFirst().orElseThrow()
            .trim().split(" ")[0].replace("\"", "");
        Path socket = run.workspace.output().resolve("runtime").resolve(LuaEndpoints.CONTROL_SOCKET);
        for (String body : List.of(id + " rr 127.0.0.9:1;\n", id + " rr 127.0.0.9:1 }\n",
            id + " rr 127.0.0.9:1\n" + id + "\" rr 127.0.0.9:1\n", "os.exit() rr\n", id + "\n",
            id + " rr127.0.0.9:1\n", id + " rr \n")) {
          String answer = post(socket, body);
          assertThat(answer).as(body).startsWith("HTTP/1.1 400");
        }
        assertThat(post(socket, "")).startsWith("HTTP/1.1 200");
        HaproxyFileWatchTest.awaitEndpoints(run, backends, Set.of(a.get(0)));

        // A line that parses overrides the files (nothing listens on 127.0.0.9:1); ?replace=1 with
        // no lines drops everything posted, and the files' endpoint serves again.
        assertThat(post(socket, id + " rr 127.0.0.9:1\n")).startsWith("HTTP/1.1 200");
        run.awaitStatus(WEB, "/", 502, SERVED);
        assertThat(UnixSocketClient.exchange(socket, "POST /endpoints?replace=1 HTTP/1.0\r\nContent-Length: 0\r\n\r\n"))
            .startsWith("HTTP/1.1 200");
        HaproxyFileWatchTest.awaitEndpoints(run, backends, Set.of(a.get(0)));
        assertThat(run.sidecar.metrics().reloadsFailed()).isZero();
      }
    }
  }

  /**
   * An nginx that outlives a sidecar keeps what that sidecar posted. The next sidecar to attach
   * must serve its own files, not those leftovers.
   */
  @Test
  void aSidecarAttachingToARunningNginxReplacesWhatAnEarlierOnePosted(ProxyLauncher proxy) throws Exception {
    try (EchoBackends backends = new EchoBackends()) {
      String binary = SidecarRun.binary(proxy);
      List<String> a = backends.start("default/web:80", 3);
      try (SidecarRun run = SidecarRun.prepare(target())) {
        java.util.function.Function<SidecarConfig, SidecarConfig> attached = attached(run, binary);
        Process external = startAttached(run, binary, attached, backends, a.get(0));
        try {
          run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
          run.write("svc-web.yaml", service("web", 80, backends.port(), List.of(a.get(1))));
          HaproxyFileWatchTest.awaitEndpoints(run, backends, Set.of(a.get(1)));
          assertThat(run.sidecar.metrics().runtimeUpdates()).isEqualTo(1);
          run.sidecar.close();

          run.write("svc-web.yaml", service("web", 80, backends.port(), List.of(a.get(2))));
          run.start(target(), binary, attached);
          HaproxyFileWatchTest.awaitEndpoints(run, backends, Set.of(a.get(2)));
          assertThat(masterPid(run)).isEqualTo(external.pid());
        } finally {
          stopOutside(external);
        }
      }
    }
  }

  /**
   * An attached nginx that its container restarts after an endpoint change was posted, before its
   * files were written, comes back on the older files with nothing posted. When the files are
   * written, the sidecar notices the new master and posts them.
   */
  @Test
  void anAttachedNginxRestartedBeforeTheFilesFollowServesThemOnceTheyAreWritten(ProxyLauncher proxy)
      throws Exception {
    try (EchoBackends backends = new EchoBackends()) {
      String binary = SidecarRun.binary(proxy);
      List<String> a = backends.start("default/web:80", 2);
      try (SidecarRun run = SidecarRun.prepare(target())) {
        Process external = startAttached(run, binary, attached(run, binary), backends, a.get(0));
        try {
          run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
          run.write("svc-web.yaml", service("web", 80, backends.port(), List.of(a.get(1))));
          HaproxyFileWatchTest.awaitEndpoints(run, backends, Set.of(a.get(1)));
          assertThat(endpointsFile(run)).as("files not written yet").contains(a.get(0));

          stopOutside(external); // the container's command clears a control socket left behind
          external = startOutside(run, externalCommand(run, binary));
          long restarted = external.pid();
          Eventually.await("the new master", SERVED, () -> pidOrZero(run), pid -> pid == restarted);

          Eventually.await("the files follow", SERVED, () -> endpointsFile(run), f -> f.contains(a.get(1)));
          HaproxyFileWatchTest.awaitEndpoints(run, backends, Set.of(a.get(1)));
        } finally {
          stopOutside(external);
        }
      }
    }
  }

  /** The sidecar attached through the pid file of the nginx that {@link #externalCommand} runs. */
  private java.util.function.Function<SidecarConfig, SidecarConfig> attached(SidecarRun run, String binary) {
    Path pidFile = pidFile(run);
    return c -> variant(c).withProxy(Optional.of(binary), Optional.of(pidFile));
  }

  /**
   * Host web.example.com to Service web at {@code endpoint}; the sidecar started attached, and
   * nginx started outside once the first configuration is in current. Returns the nginx master.
   */
  private Process startAttached(SidecarRun run, String binary,
      java.util.function.Function<SidecarConfig, SidecarConfig> attached, EchoBackends backends, String endpoint)
      throws Exception {
    run.write("svc-web.yaml", service("web", 80, backends.port(), List.of(endpoint)));
    run.write("ing-web.yaml", ingress("web", WEB, "/", "web"));
    run.start(target(), binary, attached);
    Eventually.await("a configuration in current", SERVED, () -> Files.exists(run.current().resolve(configFile())),
        exists -> exists);
    return startOutside(run, externalCommand(run, binary));
  }

  private static Set<String> endpointsSeen(SidecarRun run, String path) {
    Set<String> seen = new java.util.TreeSet<>();
    for (int i = 0; i < 8; i++) {
      seen.add(run.get(WEB, path + i).echo().path("endpoint").asText());
    }
    return seen;
  }

  private static String control(Path socket, String method) throws Exception {
    return UnixSocketClient.exchange(socket, method + " /drain HTTP/1.0\r\nContent-Length: 0\r\n\r\n");
  }

  private static String post(Path socket, String body) throws Exception {
    return UnixSocketClient.exchange(socket, "POST /endpoints HTTP/1.0\r\nContent-Length: " + body.length()
        + "\r\n\r\n" + body);
  }

  private static String endpointsFile(SidecarRun run) {
    try {
      return Files.readString(run.current().resolve(LuaEndpoints.FILE));
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
