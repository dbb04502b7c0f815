package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testkit.e2e.CaseContext;
import dev.ingressc.testkit.e2e.E2eCase;
import dev.ingressc.testkit.e2e.E2eCases;
import dev.ingressc.testkit.e2e.HostileInputs;
import dev.ingressc.testkit.e2e.OddValueInputs;
import dev.ingressc.testkit.e2e.ProxyLimitInputs;
import dev.ingressc.testkit.e2e.Probe;
import dev.ingressc.testkit.http.EchoBackends;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The end-to-end case list that nginx and HAProxy replay through their real proxies, replayed
 * here through the Envoy interpreter over the emitted bootstrap (no Envoy binary can run on these
 * machines): every probe's answer must be the route oracle's. The hostile inputs are replayed the
 * same way. {@link EnvoyVersusOracleTest} adds Envoy-specific cases with spec expectations.
 *
 * <p>The shared lists, and where Envoy stands on each (this is the one place that says so):
 * <ul>
 *   <li>{@code E2eCases.all()} (request targets included), {@code HostileInputs.fields()},
 *       {@code ProxyLimitInputs.limits()} and {@code OddValueInputs.oddCase()}: replayed here, every
 *       probe compared with the oracle, and every forwarded one's Host and forwarding headers
 *       ({@link EnvoyForwardingModel}) with {@code ForwardingHeaders}; external auth's script runs for
 *       real ({@link EnvoyLuaModel}) against the case's real auth service, which checks each auth
 *       request, and its fields on the answer are checked apart ({@link EnvoyAuthAnswers});
 *       {@code RandomTargets}: replayed by
 *       {@link EnvoyRandomTargetsTest}.
 *   <li>Not replayed, because each asserts what a running proxy does with bytes and connections, which
 *       the interpreter (routing only) does not model and no Envoy binary runs here to show:
 *       {@code BodyLimitCases} (413 on a body over the limit: Envoy's buffer filter, README, Envoy target),
 *       {@code ProtocolContract} (HTTP/2, WebSocket tunnels and gRPC through the proxy) and
 *       {@code BackendProtocolScenario} (gRPC and TLS to a real backend). Envoy's side of those is its
 *       configuration: {@link EnvoyBackendProtocolTest}, {@link UpgradeTest}, {@link ProxySettingsTest}
 *       (checked by the strict parse), and {@link EnvoyContainerTest} where Docker runs.
 *   <li>Known deviations (README, Envoy target): the shared cases send only the probes of
 *       {@link KnownDeviationsTest#inSharedCase} that meet one; each is left out here and pinned
 *       there, answer for answer. {@link KnownDeviationsTest} pins the others with cases of its own.
 * </ul>
 */
class SharedCasesTest {
  private static final int HTTP_PORT = 8080;
  private static final int HTTPS_PORT = 8443;

  static Stream<E2eCase> cases() {
    return E2eCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void envoyAnswersTheSharedCasesAsTheOracle(E2eCase c) {
    assertThat(replay(c)).isEmpty();
  }

  /** A WebSocket upgrade goes where the same request without it goes (upgrade_configs allow it). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void webSocketUpgradesAnswerTheSharedCasesAsTheOracle(E2eCase c) {
    assertThat(replay(c, java.util.Optional.of("websocket"))).isEmpty();
  }

  /** An h2c upgrade goes where the same request without it goes (the HTTP/1 codec ignores it). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void h2cUpgradesAnswerTheSharedCasesAsTheOracle(E2eCase c) {
    assertThat(replay(c, java.util.Optional.of("h2c"))).isEmpty();
  }

  static Stream<Arguments> hostileFields() {
    return HostileInputs.fields();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileFields")
  void hostileInputsNeverWidenAMatch(String field, BiFunction<Integer, String, String> hostile) {
    List<Probe> probes = new ArrayList<>(List.of(Probe.http("good.example.com", "/"),
        Probe.http("victim.example.com", "/")));
    for (int i = 0; i < HostileInputs.HOSTILE.size(); i++) {
      String h = HostileInputs.HOSTILE.get(i);
      if (h.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f && ch != '#' && ch != '?')) {
        probes.add(Probe.http("victim.example.com", "/" + h));
        probes.add(Probe.http("victim" + i + ".example.com", "/"));
      }
    }
    E2eCase c = E2eCase.of("hostile-" + field, ctx -> ctx.service("default", "web", 80)
        + ctx.service("default", "good", 80) + ctx.tlsSecret("default", "good-cert", "good.example.com")
        + dev.ingressc.testkit.fixtures.FlowManifests.ingress("default", "good", dev.ingressc.testkit.fixtures.FlowManifests.rule(
            "good.example.com", dev.ingressc.testkit.fixtures.FlowManifests.prefix("/", "good", 80)))
        + hostileObjects(hostile), probes);
    assertThat(replay(c)).isEmpty();
  }

  /** The shared odd and careless values route as the oracle says (their diagnostics are the compiler's, tested there). */
  @org.junit.jupiter.api.Test
  void oddValuesRouteAsTheOracle() {
    assertThat(replay(OddValueInputs.oddCase())).isEmpty();
  }

  static Stream<Arguments> limits() {
    return ProxyLimitInputs.limits();
  }

  /**
   * Values within Kubernetes' rules but beyond a proxy's load-time limits: the bootstrap passes the
   * strict parse and Envoy's validation rules (checked on every {@link Emitted}), and routes as the oracle.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("limits")
  void valuesBeyondProxyLimitsLoadAndRouteAsTheOracle(String name,
      java.util.function.Function<CaseContext, String> manifests, List<Probe> probes) {
    assertThat(replay(ProxyLimitInputs.limitCase(name, manifests, probes))).isEmpty();
  }

  private static String hostileObjects(BiFunction<Integer, String, String> hostile) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < HostileInputs.HOSTILE.size(); i++) {
      sb.append(hostile.apply(i, HostileInputs.HOSTILE.get(i)));
    }
    return sb.toString();
  }

  /** SEMANTICS.md, Canaries: the main cluster weighs TOTAL - WEIGHT and the canary's WEIGHT. */
  static java.util.Optional<String> canaryWeights(RouteAnswer o, EnvoyInterpreter.Answer a) {
    var route = o.route().orElseThrow();
    var canary = route.canary().orElseThrow();
    java.util.Map<String, Integer> want = new java.util.LinkedHashMap<>();
    want.put(EnvoyNames.cluster(route.backend().upstream()), canary.weightTotal() - canary.weight());
    want.put(EnvoyNames.cluster(canary.backend().upstream()), canary.weight());
    return want.equals(a.weights()) ? java.util.Optional.empty()
        : java.util.Optional.of("oracle splits " + want + "; Envoy weighs " + a.weights() + " (" + a.outcome() + ")");
  }

  /**
   * SEMANTICS.md, Forwarding headers: what the cluster receives, from the interpreter's model of
   * Envoy's headers; {@code client} is the address the oracle judged by (Client address), empty: any
   * loopback address.
   */
  static java.util.Optional<String> forwarding(Probe p, java.util.Optional<String> client, RouteAnswer o,
      EnvoyInterpreter.Answer a) {
    java.util.Map<String, String> seen = new java.util.TreeMap<>(a.forwarded());
    String host = seen.remove("host");
    List<String> wrong = dev.ingressc.testkit.e2e.ForwardingHeaders.problems(p, client, o, host, seen,
        p.https() ? HTTPS_PORT : HTTP_PORT);
    return wrong.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of("the cluster receives " + wrong);
  }

  /** Every probe whose interpreted Envoy answer differs from the oracle's, with both traces. */
  private static List<String> replay(E2eCase c) {
    return replay(c, java.util.Optional.empty());
  }

  /** As {@link #replay(E2eCase)}, every request asking for {@code upgrade} when present. */
  private static List<String> replay(E2eCase c, java.util.Optional<String> upgrade) {
    try (EchoBackends backends = new EchoBackends(); CaseContext ctx = new CaseContext(backends)) {
      Emitted e = emit(c, ctx);
      RouteOracle oracle = new RouteOracle(e.ir());
      EnvoyInterpreter envoy = e.interpreter();
      List<String> failures = new ArrayList<>();
      for (Probe p : c.probes()) {
        if (KnownDeviationsTest.inSharedCase(c.name(), p)) {
          continue;
        }
        RouteRequest req = oracleRequest(p);
        RouteAnswer o = oracle.route(req);
        EnvoyInterpreter.Request request = envoyRequest(p, upgrade);
        EnvoyInterpreter.Answer a = envoy.handle(request);
        // A split weight: Envoy's route must weigh the two clusters as the oracle's canary says.
        java.util.Optional<String> mismatch = o.canary().isPresent() && o.canary().get().random()
            ? canaryWeights(o, a) : EnvoyVersusOracleTest.compare(e.ir(), e.endpoints(), o,
                EnvoyAuthAnswers.withoutServiceFields(o, a));
        if (mismatch.isEmpty()) {
          mismatch = EnvoyAuthAnswers.problem(p, o, a); // SEMANTICS.md, External auth
        }
        if (mismatch.isEmpty() && o.status() == 200) {
          // A probe without a source may come from any loopback address (as in E2eRunner).
          mismatch = forwarding(p, p.source().isEmpty() ? java.util.Optional.empty() : oracle.clientAddress(req), o, a);
        }
        if (mismatch.isEmpty()) {
          mismatch = EnvoyAffinityModel.problem(o, a, request); // SEMANTICS.md, Session affinity
        }
        mismatch.ifPresent(m -> failures.add(c.name() + " " + p + ": " + m
            + "\n    oracle: " + o.explanation() + "\n    envoy:  " + a.trace()));
      }
      // The real auth service checked every auth request the script sent (AuthService).
      ctx.authProblems().forEach(w -> failures.add(c.name() + ": the auth service got a wrong auth request: " + w));
      return failures;
    }
  }

  /**
   * {@code c} compiled and emitted for Envoy: an Ingress that needs what Envoy lacks is rejected for
   * it, in the IR the oracle reads too.
   */
  static Emitted emit(E2eCase c, CaseContext ctx) {
    String yaml = c.manifests().apply(ctx);
    CompileOptions options = c.options().apply(CompileOptions.defaults()).withTarget(new dev.ingressc.TargetProfile(
        EnvoyEmitter.TARGET, new EnvoyEmitter().lacks(java.util.Optional.empty())));
    return Emitted.of(yaml, options, HTTP_PORT, HTTPS_PORT, EnvoyJson.Format.YAML);
  }

  /** What the oracle is asked for {@code p}. */
  static RouteRequest oracleRequest(Probe p) {
    return new RouteRequest(p.host(), p.target(),
        p.https() ? java.util.Optional.of(p.sni().orElse("")) : java.util.Optional.empty(), HTTPS_PORT)
        .withHeaders(p.fields()).withSource(p.clientAddress()).withMethod(p.method())
        .withAuthStatus(dev.ingressc.testkit.http.AuthService.statusFor(p.fields()));
  }

  /** What the interpreter is sent for {@code p}, asking for {@code upgrade} when present. */
  static EnvoyInterpreter.Request envoyRequest(Probe p, java.util.Optional<String> upgrade) {
    return new EnvoyInterpreter.Request(p.https() ? HTTPS_PORT : HTTP_PORT, p.https(), p.sni(), p.host(), p.target(),
        upgrade).withHeaders(p.fields()).from(p.clientAddress()).withMethod(p.method());
  }
}
