package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.envoy.EnvoyRoutingCases.Probe;
import dev.ingressc.emit.envoy.EnvoyRoutingCases.Scenario;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import dev.ingressc.testkit.fixtures.TestCertificates;
import dev.ingressc.testkit.fixtures.Manifests;

/**
 * Real Envoy, in Docker: {@code envoy --mode validate} accepts every emitted configuration, and a
 * running Envoy answers live requests as the route oracle does. Runs only where a Docker engine is
 * reachable; elsewhere JUnit reports it skipped with the reason below.
 *
 * <p>To run: {@code mvn -B -pl emitters/envoy -am test -Dtest=EnvoyContainerTest} on a machine with
 * Docker (the first run pulls {@value #IMAGE}).
 */
@EnabledIf(value = "dev.ingressc.testkit.proxy.ContainerProxyLauncher#dockerAvailable",
    disabledReason = "no Docker engine reachable: the real-Envoy test runs envoyproxy/envoy in a container")
class EnvoyContainerTest {
  /** Pinned: the release whose API matches io.envoyproxy.controlplane:api 1.0.49. */
  static final String IMAGE = "envoyproxy/envoy:v1.34.1";

  static Stream<Scenario> scenarios() {
    return EnvoyRoutingCases.all().stream();
  }

  /** Envoy's own validation of each configuration: exit status 0 or the test fails with Envoy's log. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void envoyValidatesTheEmittedConfiguration(Scenario s) {
    for (EnvoyJson.Format format : EnvoyJson.Format.values()) {
      Emitted e = Emitted.of(s.yaml(), s.options(), EnvoyRoutingCases.HTTP_PORT, s.httpsPort(), format);
      try (GenericContainer<?> envoy = withFiles(new GenericContainer<>(DockerImageName.parse(IMAGE)), e)
          .withEnv("ENVOY_UID", "0")
          .withCommand("envoy", "--mode", "validate", "-c", e.outputDir().resolve(EnvoyEmitter.bootstrapFile(format)).toString())
          .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(90)))) {
        envoy.start(); // fails unless the container exits with status 0
        assertThat(envoy.getLogs()).contains("OK");
      }
    }
  }

  /**
   * Live requests: a second Envoy plays the backend and echoes what it received in headers, so the
   * test sees the Host, path, query and forwarding headers that reached it.
   */
  @Test
  void liveRequestsGetWhatTheOracleSays() throws Exception {
    TestCertificates.Pem cert = TestCertificates.forHosts("tls.example");
    String yaml = Manifests.join(
        EnvoyRoutingCases.ingress("live").tls("tls-secret", "tls.example")
            .rule("live.example").path("/app", "Prefix", "backend", 9000).path("/exact", "Exact", "backend", 9000)
            .path("/down", "Prefix", "down", 80)
            .rule("*.wild.example").path("/", "Prefix", "backend", 9000)
            .rule("tls.example").path("/", "Prefix", "backend", 9000)
            .yaml(),
        Manifests.externalName("backend", "backend", 9000),
        Manifests.serviceAndSlice("down", 80, 8080, "!10.9.9.9"),
        Manifests.tlsSecret("default", "tls-secret", cert.certificate(), cert.key()));
    Emitted e = Emitted.of(yaml, dev.ingressc.CompileOptions.defaults(), EnvoyRoutingCases.HTTP_PORT,
        EnvoyRoutingCases.HTTPS_PORT, EnvoyJson.Format.YAML);
    List<Probe> probes = List.of(
        Probe.http("live.example", "/app/x?q=1&r=%2F", "backend"), Probe.http("LIVE.example:8080", "/app", "backend"),
        Probe.http("live.example", "/appx", "404"), Probe.http("live.example", "/exact", "backend"),
        Probe.http("live.example", "/exact/", "404"), Probe.http("live.example", "/down", "503"),
        Probe.http("a.wild.example", "/z", "backend"), Probe.http("a.b.wild.example", "/z", "404"),
        Probe.http("tls.example", "/p?x=y", "308"),
        Probe.https("tls.example", "tls.example", "/p?x=y", "backend"),
        Probe.https("tls.example", "live.example", "/app", "backend"),
        Probe.https("other.example", "tls.example", "/", "refused"));
    try (Network net = Network.newNetwork();
        GenericContainer<?> backend = new GenericContainer<>(DockerImageName.parse(IMAGE))
            .withNetwork(net).withNetworkAliases("backend")
            .withCopyToContainer(Transferable.of(ECHO_BACKEND), "/etc/echo.yaml")
            .withCommand("envoy", "-c", "/etc/echo.yaml")
            .withExposedPorts(9000)
            .waitingFor(Wait.forListeningPort());
        GenericContainer<?> proxy = withFiles(new GenericContainer<>(DockerImageName.parse(IMAGE)), e)
            .withNetwork(net)
            .withEnv("ENVOY_UID", "0")
            .withCommand("envoy", "-c", e.outputDir().resolve("envoy.yaml").toString())
            .withExposedPorts(EnvoyRoutingCases.HTTP_PORT, EnvoyRoutingCases.HTTPS_PORT)
            .waitingFor(Wait.forListeningPorts(EnvoyRoutingCases.HTTP_PORT))) {
      backend.start();
      proxy.start();
      RouteOracle oracle = new RouteOracle(e.ir());
      List<String> failures = new ArrayList<>();
      for (Probe p : probes) {
        int port = p.sni().isPresent() ? EnvoyRoutingCases.HTTPS_PORT : EnvoyRoutingCases.HTTP_PORT;
        RawHttp.Response r = RawHttp.send(proxy.getHost(), proxy.getMappedPort(port), p.sni(), p.host(), p.path());
        RouteAnswer o = oracle.route(new RouteRequest(p.host(), p.path(), p.sni(), EnvoyRoutingCases.HTTPS_PORT));
        Optional<String> problem = compare(p, o, r, e);
        problem.ifPresent(m -> failures.add(p + ": " + m + "; response headers " + r.headers()));
      }
      assertThat(failures).as("Envoy logs:%n%s", proxy.getLogs()).isEmpty();
    }
  }

  private static Optional<String> compare(Probe p, RouteAnswer o, RawHttp.Response r, Emitted e) throws Exception {
    int expected = o.status();
    if (r.status() != expected) {
      return Optional.of("status " + r.status() + ", oracle " + expected);
    }
    if (expected == 308 && !EnvoyVersusOracleTest.sameUrl(o.location().get(), r.headers().getOrDefault("location", ""))) {
      return Optional.of("location " + r.headers().get("location") + ", oracle " + o.location().get());
    }
    if (o.certificate().isPresent()) {
      X509Certificate want = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
          new ByteArrayInputStream(e.ir().certificates().get(0).certificatePem().getBytes()));
      if (!r.certificate().map(want::equals).orElse(false)) {
        return Optional.of("served another certificate");
      }
    }
    if (expected == 200) {
      String scheme = p.sni().isPresent() ? "https" : "http";
      if (!p.host().equals(r.headers().get("x-seen-host")) || !p.path().equals(r.headers().get("x-seen-path"))
          || !scheme.equals(r.headers().get("x-seen-proto")) || r.headers().getOrDefault("x-seen-xff", "").isEmpty()) {
        return Optional.of("the backend saw something else");
      }
    }
    return Optional.empty();
  }

  private static GenericContainer<?> withFiles(GenericContainer<?> c, Emitted e) {
    // The admin socket lives in the runtime directory, which must exist before Envoy binds it.
    c.withCopyToContainer(Transferable.of(new byte[0], 0644), Emitted.RUNTIME.resolve(".keep").toString());
    for (EmittedFile f : e.files().files()) {
      c.withCopyToContainer(Transferable.of(f.content(), f.secret() ? 0600 : 0644),
          e.outputDir().resolve(f.path()).toString());
    }
    return c;
  }

  /** The backend: answers 200 to anything and echoes the request's Host, path and forwarding headers. */
  private static final String ECHO_BACKEND = """
      static_resources:
        listeners:
        - name: echo
          address: {socket_address: {address: 0.0.0.0, port_value: 9000}}
          filter_chains:
          - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: echo
                http_filters:
                - name: envoy.filters.http.router
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
                route_config:
                  virtual_hosts:
                  - name: echo
                    domains: ["*"]
                    routes:
                    - match: {prefix: "/"}
                      direct_response: {status: 200, body: {inline_string: "echo"}}
                      response_headers_to_add:
                      - header: {key: x-seen-host, value: "%REQ(:AUTHORITY)%"}
                      - header: {key: x-seen-path, value: "%REQ(:PATH)%"}
                      - header: {key: x-seen-proto, value: "%REQ(X-FORWARDED-PROTO)%"}
                      - header: {key: x-seen-xff, value: "%REQ(X-FORWARDED-FOR)%"}
      """;
}
