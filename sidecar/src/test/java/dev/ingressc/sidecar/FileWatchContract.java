package dev.ingressc.sidecar;

import static dev.ingressc.sidecar.Yaml.ingress;
import static dev.ingressc.sidecar.Yaml.service;
import static dev.ingressc.sidecar.Yaml.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.emit.live.support.Signals;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.fixtures.TestCertificates;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What {@code ingressc run -f DIR --watch} must do for every target, against the real proxy:
 * each kind of change served within a bounded wait, a change the proxy refuses never applied, a
 * dead proxy restarted, the admin endpoint. Subclasses name the target with {@code @RealProxy}.
 */
abstract class FileWatchContract {
  static final Duration SERVED = Duration.ofSeconds(10);
  static final String WEB = "web.example.com";
  static final String API = "api.example.com";

  abstract String target();

  /**
   * The configuration under which every change reloads the proxy, for the tests about reloads
   * (HAProxy serves route and endpoint changes through its runtime API by default).
   */
  SidecarConfig reloadEveryChange(SidecarConfig c) {
    return c;
  }

  /** The target's variant every test runs (nginx: the lua format). */
  SidecarConfig variant(SidecarConfig c) {
    return c;
  }

  SidecarRun run(ProxyLauncher proxy, Function<SidecarConfig, SidecarConfig> tweak, EchoBackends backends,
      List<String> webEndpoints) throws Exception {
    SidecarRun run = SidecarRun.prepare(target());
    run.write("svc-web.yaml", service("web", 80, backends.port(), webEndpoints));
    run.write("ing-web.yaml", ingress("web", WEB, "/", "web"));
    return run.start(target(), SidecarRun.binary(proxy), c -> tweak.apply(variant(c)));
  }

  /** {@link #run}, once the proxy serves web.example.com and the sidecar is ready. */
  SidecarRun serving(ProxyLauncher proxy, Function<SidecarConfig, SidecarConfig> tweak, EchoBackends backends,
      List<String> webEndpoints) throws Exception {
    SidecarRun run = run(proxy, tweak, backends, webEndpoints);
    try {
      run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
      Eventually.await("ready", SERVED, () -> run.sidecar.ready(), r -> r);
      return run;
    } catch (Exception | AssertionError e) {
      run.close();
      throw e;
    }
  }

  @Test
  void servesTheFolderThenEachCreateUpdateAndDeleteOfIngressServiceEndpointSliceAndSecret(ProxyLauncher proxy)
      throws Exception {
    try (EchoBackends backends = new EchoBackends(); SidecarRun run = run(proxy, Function.identity(), backends,
        backends.start("default/web:80", 1))) {
      run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
      Eventually.await("ready", SERVED, () -> run.admin("/readyz").status(), s -> s == 200);

      // Ingress update: the path moves.
      run.write("ing-web.yaml", ingress("web", WEB, "/app", "web"));
      run.awaitStatus(WEB, "/other", 404, SERVED);
      run.awaitServedBy(WEB, "/app/x", "default/web:80", SERVED);

      // Service and Ingress create.
      run.write("svc-api.yaml", service("api", 80, backends.port(), backends.start("default/api:80", 1)));
      run.write("ing-api.yaml", ingress("api", API, "/", "api"));
      run.awaitServedBy(API, "/", "default/api:80", SERVED);

      // EndpointSlice update: web's only endpoint is replaced by a new one.
      String moved = backends.start("default/web:80", 1).get(0);
      run.write("svc-web.yaml", service("web", 80, backends.port(), List.of(moved)));
      Eventually.await("web served by the new endpoint only", SERVED,
          () -> run.get(WEB, "/app").echo().path("endpoint").asText(), e -> e.startsWith(moved + ":"));

      // Service delete: its route answers 503; Ingress delete: 404.
      run.delete("svc-api.yaml");
      run.awaitStatus(API, "/", 503, SERVED);
      run.delete("ing-api.yaml");
      run.awaitStatus(API, "/", 404, SERVED);

      // Secret create: the host is served over HTTPS with it; update: the new certificate; delete: HTTP only.
      TestCertificates.Pem first = TestCertificates.selfSigned(List.of(WEB));
      run.write("secret-web.yaml", tlsSecret("web-tls", first.certificate(), first.key()));
      run.write("ing-web.yaml", ingress("web", WEB, "/app", "web", "web-tls"));
      Eventually.await("HTTPS with the first certificate", SERVED, () -> served(run), c -> same(c, first));
      TestCertificates.Pem second = TestCertificates.selfSigned(List.of(WEB, "www." + WEB));
      run.write("secret-web.yaml", tlsSecret("web-tls", second.certificate(), second.key()));
      Eventually.await("HTTPS with the second certificate", SERVED, () -> served(run), c -> same(c, second));
      run.delete("secret-web.yaml");
      run.awaitServedBy(WEB, "/app", "default/web:80", SERVED); // no 308 to https any more
      // Old workers may still hold the HTTPS socket for a moment after the reload that dropped it.
      Eventually.await("HTTPS refused once the Secret is gone", SERVED, () -> httpsRefused(run), refused -> refused);

      assertThat(run.sidecar.metrics().reloadsFailed()).isZero();
      assertThat(run.sidecar.metrics().validationsFailed()).isZero();
    }
  }

  @Test
  void anUpdateTheProxyRefusesIsNotAppliedTheOldConfigKeepsServingAndTheFixIsServed(ProxyLauncher proxy)
      throws Exception {
    try (EchoBackends backends = new EchoBackends(); RefusingCheck check = new RefusingCheck(proxy);
        SidecarRun run = run(proxy, c -> c.withProxy(java.util.Optional.of(check.binary), java.util.Optional.empty()),
            backends, backends.start("default/web:80", 1))) {
      TestCertificates.Pem good = TestCertificates.selfSigned(List.of(WEB));
      run.write("secret-web.yaml", tlsSecret("web-tls", good.certificate(), good.key()));
      run.write("ing-web.yaml", ingress("web", WEB, "/", "web", "web-tls"));
      Eventually.await("HTTPS with the good certificate", SERVED, () -> served(run), c -> same(c, good));
      String servedGeneration = Files.readSymbolicLink(run.current()).toString();

      check.refuse(true);
      TestCertificates.Pem other = TestCertificates.selfSigned(List.of(WEB, "other." + WEB));
      run.write("secret-web.yaml", tlsSecret("web-tls", other.certificate(), other.key()));
      Eventually.await("the update refused by the proxy check", SERVED,
          () -> run.sidecar.metrics().validationsFailed(), n -> n >= 1);
      assertThat(Files.readSymbolicLink(run.current()).toString()).isEqualTo(servedGeneration);
      assertThat(same(served(run), good)).isTrue();
      assertThat(run.admin("/metrics").text()).contains("ingressc_validations_failed_total 1");
      assertThat(run.get(WEB, "/").status()).isIn(200, 308);

      check.refuse(false);
      TestCertificates.Pem fixed = TestCertificates.selfSigned(List.of(WEB, "fixed." + WEB));
      run.write("secret-web.yaml", tlsSecret("web-tls", fixed.certificate(), fixed.key()));
      Eventually.await("HTTPS with the fixed certificate", SERVED, () -> served(run), c -> same(c, fixed));
      assertThat(Files.readSymbolicLink(run.current()).toString()).isNotEqualTo(servedGeneration);
    }
  }

  /**
   * The proxy's check ({@code nginx -t}, {@code haproxy -c}) passes a configuration whose HTTPS
   * port another process holds: only the reload fails, when the new process cannot bind it. The old
   * workers keep serving the old configuration as before (nginx's lua format: no longer closing
   * keep-alive connections), the failure is counted, and once the port is free the next change is
   * served.
   */
  @Test
  void aReloadTheProxyRefusesAfterItsCheckPassedLeavesTheOldWorkersServingAsBefore(ProxyLauncher proxy)
      throws Exception {
    try (EchoBackends backends = new EchoBackends(); SidecarRun run = serving(proxy, Function.identity(), backends,
        backends.start("default/web:80", 1))) {
      long master = masterPid(run);
      java.nio.file.Path served = Files.readSymbolicLink(run.current());
      TestCertificates.Pem cert = TestCertificates.selfSigned(List.of(WEB));
      try (java.net.ServerSocket taken = new java.net.ServerSocket(run.httpsPort)) {
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
  @Test
  void aProxyThatDiesIsStartedAgainOnTheLastGoodConfig(ProxyLauncher proxy) throws Exception {
    try (EchoBackends backends = new EchoBackends(); SidecarRun run = run(proxy, Function.identity(), backends,
        backends.start("default/web:80", 1))) {
      run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
      long master = masterPid(run);
      assertThat(Signals.send(master, "KILL")).isTrue();
      Eventually.await("the proxy restarted", SERVED, () -> run.sidecar.metrics().proxyRestarts(), n -> n >= 1);
      run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
      Eventually.await("a new master", SERVED, () -> pidOrZero(run), pid -> pid != master && pid != 0);
      // And it still takes changes.
      run.write("ing-web.yaml", ingress("web", WEB, "/after-restart", "web"));
      run.awaitStatus(WEB, "/", 404, SERVED);
      run.awaitServedBy(WEB, "/after-restart", "default/web:80", SERVED);
    }
  }

  @Test
  void healthReadinessAndMetricsAreServedAndShutdownStopsTheProxy(ProxyLauncher proxy) throws Exception {
    try (EchoBackends backends = new EchoBackends(); SidecarRun run = run(proxy, this::reloadEveryChange, backends,
        backends.start("default/web:80", 1))) {
      run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
      Eventually.await("ready", SERVED, () -> run.admin("/readyz").status(), s -> s == 200);
      assertThat(run.admin("/healthz").status()).isEqualTo(200);
      run.write("ing-web.yaml", ingress("web", WEB, "/v2", "web"));
      run.awaitStatus(WEB, "/", 404, SERVED);
      run.awaitServedBy(WEB, "/v2", "default/web:80", SERVED);
      // The proxy serves a change a moment before the sidecar has seen it take it and counted it.
      Eventually.await("the reload counted", SERVED, () -> run.sidecar.metrics().reloads(), n -> n >= 1);
      String metrics = run.admin("/metrics").text();
      assertThat(metrics)
          .contains("# TYPE ingressc_reloads_total counter")
          .containsPattern("(?m)^ingressc_reloads_total [1-9]")
          .contains("ingressc_reloads_failed_total 0")
          .containsPattern("(?m)^ingressc_config_generation [2-9]")
          .containsPattern("(?m)^ingressc_last_reload_success_timestamp_seconds 1[0-9]{9}")
          .containsPattern("(?m)^ingressc_compile_duration_seconds [0-9.eE-]+$")
          .contains("ingressc_watched_objects{kind=\"Ingress\"} 1")
          .contains("ingressc_watched_objects{kind=\"EndpointSlice\"} 1");
      long master = masterPid(run);
      run.sidecar.close();
      assertThat(ProcessHandle.of(master).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(dev.ingressc.emit.live.support.Waits.accepts(run.httpPort)).isFalse();
    }
  }

  /**
   * {@code --proxy-pid-file}: the proxy master is started outside the sidecar, as the proxy
   * container of deploy/deployment.yaml does (once {@code WORK/current} holds a configuration, on
   * that configuration). The sidecar attaches to it: a change reloads that master (same pid, new
   * route served), and closing the sidecar leaves it running and serving, as RunCommand and
   * ProxyProcess promise ("not ours to stop: its container owns it").
   */
  @Test
  void aProxyStartedOutsideIsAttachedThroughItsPidFileReloadedAndLeftRunningOnClose(ProxyLauncher proxy)
      throws Exception {
    try (EchoBackends backends = new EchoBackends()) {
      String binary = SidecarRun.binary(proxy);
      SidecarRun run = SidecarRun.prepare(target());
      try (run) {
        List<String> web = backends.start("default/web:80", 1); // before port(): the first start binds it
        run.write("svc-web.yaml", service("web", 80, backends.port(), web));
        run.write("ing-web.yaml", ingress("web", WEB, "/", "web"));
        java.nio.file.Path pidFile = pidFile(run);
        run.start(target(), binary,
            c -> reloadEveryChange(variant(c).withProxy(Optional.of(binary), Optional.of(pidFile))));
        Eventually.await("a configuration in current", SERVED,
            () -> Files.exists(run.current().resolve(configFile())), exists -> exists);
        Process external = startOutside(run, externalCommand(run, binary));
        try {
          run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
          Eventually.await("the master's pid file", SERVED, () -> pidOrZero(run), pid -> pid == external.pid());

          run.write("ing-web.yaml", ingress("web", WEB, "/attached", "web"));
          run.awaitStatus(WEB, "/", 404, SERVED);
          run.awaitServedBy(WEB, "/attached", "default/web:80", SERVED);
          Eventually.await("the reload counted", SERVED, () -> run.sidecar.metrics().reloads(), n -> n >= 1);
          assertThat(masterPid(run)).as("reloaded, not replaced").isEqualTo(external.pid());
          assertThat(run.sidecar.metrics().proxyRestarts()).isZero();

          run.sidecar.close();
          assertThat(external.waitFor(1, java.util.concurrent.TimeUnit.SECONDS))
              .as("the attached master exited within 1 s of the sidecar's close").isFalse();
          assertThat(masterPid(run)).isEqualTo(external.pid());
          run.awaitServedBy(WEB, "/attached", "default/web:80", SERVED);
        } finally {
          stopOutside(external);
        }
      }
    }
  }

  /** The proxy container's command: the master in the foreground on WORK/current, runtime files in WORK/runtime. */
  abstract List<String> externalCommand(SidecarRun run, String binary);

  /** The configuration file the proxy reads in {@code current}. */
  abstract String configFile();

  /** The pid file the configuration makes the master write. */
  java.nio.file.Path pidFile(SidecarRun run) {
    return run.workspace.output().resolve("runtime/" + target() + ".pid");
  }

  /** Starts a master as its own process group leader, so it and its workers can be stopped as one. */
  static Process startOutside(SidecarRun run, List<String> command) throws java.io.IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of(dev.ingressc.emit.live.support.Binaries.find("setsid")
        .orElseThrow(() -> new AssertionError("setsid is needed to stop the test's proxy with its workers"))));
    cmd.addAll(command);
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(run.workspace.output().resolve("external.out").toFile()).start();
  }

  static void stopOutside(Process p) throws InterruptedException {
    Signals.send(p.pid(), "TERM");
    if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
    }
    Signals.sendGroup(p.pid(), "KILL"); // workers a killed master left behind
  }

  /**
   * While clients send requests over loopback without pause (a new connection each), 50 changes
   * each add a host; every new host answers within 1 s of its file landing, and no request fails.
   */
  @Test
  void fiftyChangesUnderContinuousLoadFailNoRequestAndEachNewRouteAnswersWithinOneSecond(ProxyLauncher proxy)
      throws Exception {
    try (EchoBackends backends = new EchoBackends(); SidecarRun run = serving(proxy, Function.identity(), backends,
        backends.start("default/web:80", 2))) {
      try (LoadClient load = LoadClient.start(run.httpPort, WEB, "/", 4)) {
        List<Duration> latencies = new java.util.ArrayList<>();
        for (int i = 1; i <= 50; i++) {
          String host = "r" + i + ".example.com";
          long t0 = System.nanoTime();
          run.write("ing-r" + i + ".yaml", ingress("r" + i, host, "/", "web"));
          run.awaitServedBy(host, "/", "default/web:80", SERVED);
          latencies.add(Duration.ofNanos(System.nanoTime() - t0));
        }
        LoadClient.Result r = load.stop();
        assertThat(r.failures()).as("failed requests (first: %s)", r.firstFailures()).isZero();
        assertThat(r.total()).isGreaterThan(500);
        assertThat(latencies).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(1)));
      }
      assertThat(run.sidecar.metrics().reloadsFailed()).isZero();
    }
  }

  /**
   * Keep-alive clients across 20 reloads lose no request if they do what HTTP allows for a GET: send
   * it again on a new connection when a reused one is closed before any answer. (nginx in the
   * native format closes an old worker's idle keep-alive connections at once, so a client that does
   * not retry sees those; see README. HAProxy, and nginx in the lua format, answer them with
   * Connection: close first: their tests also run the client that does not retry.)
   */
  @Test
  void keepAliveClientsThatRetryAsHttpAllowsLoseNoRequestAcrossReloads(ProxyLauncher proxy) throws Exception {
    assertKeepAliveClientsLoseNoRequestAcrossReloads(proxy, LoadClient::startKeepAliveRetrying);
  }

  /** Keep-alive clients send without pause while 20 changes each reload the proxy: none may fail. */
  void assertKeepAliveClientsLoseNoRequestAcrossReloads(ProxyLauncher proxy, KeepAliveClient client)
      throws Exception {
    try (EchoBackends backends = new EchoBackends(); SidecarRun run = serving(proxy, this::reloadEveryChange, backends,
        backends.start("default/web:80", 2))) {
      long reloads = run.sidecar.metrics().reloads();
      try (LoadClient load = client.start(run.httpPort, WEB, "/", 8)) {
        for (int i = 1; i <= 20; i++) {
          run.write("ing-k" + i + ".yaml", ingress("k" + i, "k" + i + ".example.com", "/", "web"));
          run.awaitServedBy("k" + i + ".example.com", "/", "default/web:80", SERVED);
        }
        LoadClient.Result r = load.stop();
        assertThat(r.failures()).as("failed requests (first: %s; %d retried)", r.firstFailures(), r.retried())
            .isZero();
        assertThat(r.total()).isGreaterThan(500);
      }
      // A host can answer from the new workers a moment before the reload is counted.
      Eventually.await("20 reloads", SERVED, () -> run.sidecar.metrics().reloads(), n -> n >= reloads + 20);
      // Only stopping workers close connections: once they are gone, the running ones keep them.
      Eventually.await("8 answers in a row that keep the connection", SERVED, () -> keptConnections(run, 8),
          kept -> kept);
    }
  }

  /** Whether {@code n} keep-alive GETs in a row are answered without a "close" connection option. */
  static boolean keptConnections(SidecarRun run, int n) {
    for (int i = 0; i < n; i++) {
      List<String> connection = HttpProbe.getKeepAlive("127.0.0.1", run.httpPort, WEB, "/").headers()
          .getOrDefault("connection", List.of());
      if (connection.stream().anyMatch(v -> v.toLowerCase(java.util.Locale.ROOT).contains("close"))) {
        return false;
      }
    }
    return true;
  }

  @FunctionalInterface
  interface KeepAliveClient {
    LoadClient start(int port, String host, String path, int threads);
  }

  /** The proxy master's pid, from the pid file its configuration names. */
  abstract long masterPid(SidecarRun run) throws Exception;

  long pidOrZero(SidecarRun run) {
    try {
      return masterPid(run);
    } catch (Exception e) {
      return 0;
    }
  }

  /** No TLS host is left: the HTTPS port is closed, or refuses the handshake. */
  static boolean httpsRefused(SidecarRun run) {
    try {
      return HttpProbe.https("127.0.0.1", run.httpsPort, Optional.of(WEB), WEB, "/app").handshakeWasRefused();
    } catch (java.io.UncheckedIOException e) {
      return e.getCause() instanceof java.net.ConnectException;
    }
  }

  static X509Certificate served(SidecarRun run) {
    HttpResult r = HttpProbe.https("127.0.0.1", run.httpsPort, Optional.of(WEB), WEB, "/");
    return r.peerCertificate().orElseThrow(() -> new AssertionError("no TLS answer, status " + r.status()));
  }

  static boolean same(X509Certificate c, TestCertificates.Pem pem) {
    try {
      String b64 = pem.certificate().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return java.util.Arrays.equals(c.getEncoded(), Base64.getDecoder().decode(b64));
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
