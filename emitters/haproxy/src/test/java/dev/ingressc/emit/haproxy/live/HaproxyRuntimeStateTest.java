package dev.ingressc.emit.haproxy.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.haproxy.HaproxyTables;
import dev.ingressc.testkit.fixtures.FlowManifests;
import dev.ingressc.testkit.fixtures.TestCertificates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which changes the runtime API can make, and the commands, in order, without a real HAProxy. */
class HaproxyRuntimeStateTest {
  private static final EmitOptions OPTIONS = EmitOptions.of(8080, 8443, Path.of("/tmp/ingressc-test"));

  private static String service(String name, String... addresses) {
    return FlowManifests.service("default", name, Map.of("http", 80))
        + FlowManifests.endpointSlice("default", name, name, "http", 9000, List.of(addresses), true);
  }

  private static String ingress(String name, String host, String path, String service) {
    return FlowManifests.ingress("default", name, FlowManifests.rule(host, FlowManifests.prefix(path, service, 80)));
  }

  private static HaproxyTables tables(String yaml) {
    Compiler.Compilation c = Compiler.compileText("test.yaml", yaml, CompileOptions.defaults());
    return HaproxyTables.of(c.ir(), c.endpoints(), OPTIONS);
  }

  /** The one backend of {@code upstream} compiled from {@code yaml}: {@code b}, 8 hex digits of a hash, the upstream name. */
  private static String backend(String yaml, String upstream) {
    List<String> names = tables(yaml).backends().keySet().stream()
        .filter(n -> n.matches("b[0-9a-f]{8}_" + java.util.regex.Pattern.quote(upstream))).toList();
    assertThat(names).hasSize(1);
    return names.get(0);
  }

  private static final String BASE = service("web", "10.0.0.1") + ingress("web", "web.test", "/", "web");

  @Test
  void aRouteToAKnownServiceIsNewMapEntriesPathFirstThenHost() {
    List<String> whyNot = new ArrayList<>();
    Optional<HaproxyRuntimeState.Step> step = HaproxyRuntimeState.loaded(tables(BASE))
        .plan(tables(BASE + ingress("api", "api.test", "/v1", "web")), whyNot);

    assertThat(whyNot).isEmpty();
    assertThat(step.orElseThrow().commands()).containsExactly(
        "add map maps/prefix.map api.test/v1/ " + backend(BASE, "default_web:80"),
        "add map maps/hosts.map api.test api.test",
        "add map maps/hosts.map api.test. api.test");
  }

  /** The body limit is a filter argument in the backend: a new limit needs a reload, and a new Service with a non-default limit takes no spare. */
  @Test
  void aChangedBodyLimitReloadsAndAServiceWithItsOwnLimitTakesNoSpare() {
    String limited = FlowManifests.ingressClass("big", CompileOptions.DEFAULT_CONTROLLER, true, "big")
        + FlowManifests.parameters("big", "proxyBodySize: 150m");
    List<String> whyNot = new ArrayList<>();
    assertThat(HaproxyRuntimeState.loaded(tables(BASE)).plan(tables(BASE + limited), whyNot)).isEmpty();
    // the limit is part of the backend's name (its hash): a new backend, which takes no spare
    assertThat(whyNot).containsExactly("no free spare backend fits the new backend " + backend(BASE + limited, "default_web:80"));
    assertThat(tables(BASE + limited).backends().get(backend(BASE + limited, "default_web:80")).maxBodyBytes())
        .isEqualTo(150L << 20);

    whyNot.clear();
    String api = service("api", "10.0.0.7") + ingress("api", "api.test", "/", "api");
    assertThat(HaproxyRuntimeState.loaded(tables(BASE + limited)).plan(tables(BASE + limited + api), whyNot))
        .isEmpty();
    assertThat(whyNot).containsExactly("no free spare backend fits the new backend "
        + backend(BASE + limited + api, "default_api:80"));
  }

  /** The sidecar plans with the "current" symlink's path and loaded a generation's: the Lua file's directory must not matter. */
  @Test
  void whereTheFilesAreDoesNotForceAReload() {
    Compiler.Compilation c = Compiler.compileText("test.yaml", BASE, CompileOptions.defaults());
    HaproxyTables generation = HaproxyTables.of(c.ir(), c.endpoints(),
        new EmitOptions(8080, 8443, Path.of("/w/generations/00000007"), Path.of("/w/runtime"), Optional.empty()));
    HaproxyTables current = HaproxyTables.of(c.ir(), c.endpoints(),
        new EmitOptions(8080, 8443, Path.of("/w/current"), Path.of("/w/runtime"), Optional.empty()));
    List<String> whyNot = new ArrayList<>();
    assertThat(HaproxyRuntimeState.loaded(generation).plan(current, whyNot).orElseThrow().commands()).isEmpty();
    assertThat(whyNot).isEmpty();
  }

  @Test
  void aNewServiceTakesASpareFilledBeforeItsRoutesAndFreedAfterThemOnRemoval() {
    HaproxyRuntimeState loaded = HaproxyRuntimeState.loaded(tables(BASE));
    String withApi = BASE + service("api", "10.0.0.7", "10.0.0.8") + ingress("api", "api.test", "/", "api");

    HaproxyRuntimeState.Step add = loaded.plan(tables(withApi), new ArrayList<>()).orElseThrow();
    assertThat(add.commands()).containsExactly(
        "set server ingressc_spare_01/s1 addr 10.0.0.7 port 9000",
        "set server ingressc_spare_01/s1 state ready",
        "set server ingressc_spare_01/s2 addr 10.0.0.8 port 9000",
        "set server ingressc_spare_01/s2 state ready",
        "add map maps/prefix.map api.test/ ingressc_spare_01",
        "add map maps/hosts.map api.test api.test",
        "add map maps/hosts.map api.test. api.test");
    assertThat(add.after().aliases()).containsExactly(Map.entry(backend(withApi, "default_api:80"), "ingressc_spare_01"));

    // The same IR again: nothing to do. Then the Service gone: host first, then path, then the spare.
    assertThat(add.after().plan(tables(withApi), new ArrayList<>()).orElseThrow().commands()).isEmpty();
    HaproxyRuntimeState.Step remove = add.after().plan(tables(BASE), new ArrayList<>()).orElseThrow();
    assertThat(remove.commands()).containsExactly(
        "del map maps/hosts.map api.test",
        "del map maps/hosts.map api.test.",
        "del map maps/prefix.map api.test/",
        "set server ingressc_spare_01/s1 state maint",
        "set server ingressc_spare_01/s2 state maint");
    assertThat(remove.after().aliases()).isEmpty();
  }

  @Test
  void moreNewServicesThanSparesNeedAReload() {
    String many = BASE + IntStream.rangeClosed(1, 33)
        .mapToObj(i -> service("s" + i, "10.0.1." + i) + ingress("i" + i, "h" + i + ".test", "/", "s" + i))
        .collect(Collectors.joining());
    List<String> whyNot = new ArrayList<>();

    assertThat(HaproxyRuntimeState.loaded(tables(BASE)).plan(tables(many), whyNot)).isEmpty();
    assertThat(whyNot).singleElement().asString().startsWith("no free spare backend fits");
  }

  @Test
  void moreEndpointsThanSlotsNeedAReload() {
    String nine = service("api", IntStream.rangeClosed(1, 9).mapToObj(i -> "10.0.2." + i).toArray(String[]::new));
    List<String> whyNot = new ArrayList<>();

    assertThat(HaproxyRuntimeState.loaded(tables(BASE))
        .plan(tables(BASE + nine + ingress("api", "api.test", "/", "api")), whyNot)).isEmpty();
    assertThat(whyNot).singleElement().asString().startsWith("no free spare backend fits");
  }

  @Test
  void aNewGrpcServiceTakesNoHttpSpareAndNeedsAReload() {
    String grpc = service("api", "10.0.0.7") + FlowManifests.ingress("default", "api",
        "  annotations: {nginx.ingress.kubernetes.io/backend-protocol: GRPC}", "",
        FlowManifests.rule("api.test", FlowManifests.prefix("/", "api", 80)));
    List<String> whyNot = new ArrayList<>();

    assertThat(HaproxyRuntimeState.loaded(tables(BASE)).plan(tables(BASE + grpc), whyNot)).isEmpty();
    assertThat(whyNot).containsExactly("no free spare backend fits the new backend " + backend(BASE + grpc, "default_api:80"));
  }

  @Test
  void aBackendProtocolChangeNeedsAReload() {
    String https = service("web", "10.0.0.1") + FlowManifests.ingress("default", "web",
        "  annotations: {nginx.ingress.kubernetes.io/backend-protocol: HTTPS}", "",
        FlowManifests.rule("web.test", FlowManifests.prefix("/", "web", 80)));
    List<String> whyNot = new ArrayList<>();

    assertThat(HaproxyRuntimeState.loaded(tables(BASE)).plan(tables(https), whyNot)).isEmpty();
    assertThat(whyNot).containsExactly("the settings of backend " + backend(https, "default_web:80") + " changed");
  }

  @Test
  void theFirstTlsHostNeedsAReload() {
    TestCertificates.Pem pem = TestCertificates.selfSigned(List.of("s.test"));
    String tls = BASE + FlowManifests.tlsSecret("default", "cert", pem.certificate(), pem.key());
    List<String> whyNot = new ArrayList<>();
    String withTls = tls + FlowManifests.ingress("default", "s", "", "  tls: [{hosts: [s.test], secretName: cert}]\n",
        FlowManifests.rule("s.test", FlowManifests.prefix("/", "web", 80)));

    assertThat(HaproxyRuntimeState.loaded(tables(BASE)).plan(tables(withTls), whyNot)).isEmpty();
    assertThat(whyNot).containsExactly("the global or frontend section or the certificates changed");
  }

  @Test
  void cliArgumentsEscapeWhatTheCliWouldSplitOn() {
    assertThat(HaproxyRuntimeState.cli("a;show info")).isEqualTo("a\\;show\\ info");
    assertThat(HaproxyRuntimeState.cli("back\\slash")).isEqualTo("back\\\\slash");
    assertThat(HaproxyRuntimeState.cli("/v1(x)&y=z")).isEqualTo("/v1(x)&y=z");
  }
}
