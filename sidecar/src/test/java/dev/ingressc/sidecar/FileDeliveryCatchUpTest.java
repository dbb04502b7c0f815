package dev.ingressc.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.Compiler.Compilation;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.haproxy.HaproxyEmitter;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.live.FileTarget;
import dev.ingressc.emit.live.ProxyCheck;
import dev.ingressc.sidecar.report.Metrics;
import dev.ingressc.testkit.fixtures.FlowManifests;
import dev.ingressc.testkit.proxy.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A change served through the runtime API gets its files later: written, checked and switched to
 * when changes pause; with a reload when stand-ins serve it; and, should the check refuse them, the
 * last good files are reloaded over the runtime changes. The proxy is a recording fake here; the
 * real HAProxy path is in HaproxyFileWatchTest.
 */
class FileDeliveryCatchUpTest {
  private Workspace ws;
  private Generations generations;
  private final RecordingApplier applier = new RecordingApplier();
  private FileDelivery delivery;

  @BeforeEach
  void setUp() throws Exception {
    ws = Workspace.create("catch-up");
    generations = new Generations(ws.output());
    delivery = new FileDelivery(applier, generations, 8080, 8443, new Metrics());
  }

  @AfterEach
  void tearDown() {
    ws.close();
  }

  private static Compilation compile(String... hosts) {
    StringBuilder yaml = new StringBuilder(FlowManifests.service("default", "web", Map.of("http", 80)));
    for (String h : hosts) {
      yaml.append(FlowManifests.ingress("default", h, FlowManifests.rule(h, FlowManifests.prefix("/", "web", 80))));
    }
    return Compiler.compileText("in.yaml", yaml.toString(), CompileOptions.defaults());
  }

  private Path currentConfig() throws Exception {
    return generations.currentTarget().orElseThrow().resolve("haproxy.cfg");
  }

  @Test
  void aLiveChangeIsServedWithoutFilesThenWrittenCheckedAndSwitchedTo() throws Exception {
    Compilation first = compile("a.test");
    Compilation second = compile("a.test", "b.test");
    assertThat(delivery.deliver(first, null, 0, 0).status()).isEqualTo(Delivery.Status.SERVED);
    Path firstDir = generations.currentTarget().orElseThrow();

    assertThat(delivery.deliver(second, first, 0, 0).status()).isEqualTo(Delivery.Status.SERVED);
    assertThat(applier.calls).containsExactly("validate", "switched", "start", "live");
    assertThat(generations.currentTarget()).contains(firstDir);
    assertThat(delivery.behind(Duration.ZERO)).contains(Duration.ZERO);
    assertThat(delivery.behind(Duration.ofHours(1)).orElseThrow()).isPositive();

    assertThat(delivery.catchUp(0, false).status()).isEqualTo(Delivery.Status.SERVED);
    assertThat(applier.calls).containsExactly("validate", "switched", "start", "live", "validate", "switched");
    assertThat(generations.currentTarget().orElseThrow()).isNotEqualTo(firstDir);
    assertThat(Files.readString(currentConfig())).isEqualTo(emitted(second, currentConfig().getParent()));
    assertThat(delivery.persisted().ir()).isEqualTo(second.ir());
    assertThat(delivery.behind(Duration.ZERO)).isEmpty();
  }

  /** Starts on a.test, then serves a.test and b.test live, with stand-ins. */
  private void servedLiveWithStandIns() {
    Compilation first = compile("a.test");
    delivery.deliver(first, null, 0, 0);
    applier.standsIn = true;
    delivery.deliver(compile("a.test", "b.test"), first, 0, 0);
  }

  @Test
  void standInsAreReplacedByAReloadOnceTheFilesAreWritten() throws Exception {
    servedLiveWithStandIns();
    delivery.catchUp(0, false);
    assertThat(applier.calls).endsWith("validate", "switched", "reload " + generations.currentTarget().orElseThrow());
  }

  /** On shutdown a supervised proxy stops anyway: its files are written, and it is not reloaded. */
  @Test
  void whenTheSidecarStopsOnlyAProxyThatOutlivesItIsReloadedToReplaceStandIns() throws Exception {
    servedLiveWithStandIns();
    assertThat(delivery.catchUp(0, true).status()).isEqualTo(Delivery.Status.SERVED);
    assertThat(applier.calls).endsWith("validate", "switched");

    applier.outlives = true;
    delivery.deliver(compile("a.test", "b.test", "c.test"), compile("a.test", "b.test"), 0, 0);
    delivery.catchUp(0, true);
    assertThat(applier.calls).endsWith("validate", "switched", "reload " + generations.currentTarget().orElseThrow());
  }

  @Test
  void filesTheCheckRefusesAreNotSwitchedToAndTheLastGoodOnesAreReloaded() throws Exception {
    Compilation first = compile("a.test");
    delivery.deliver(first, null, 0, 0);
    Path good = generations.currentTarget().orElseThrow();
    delivery.deliver(compile("a.test", "b.test"), first, 0, 0);

    applier.checkOk = false;
    Delivery.Result r = delivery.catchUp(0, false);

    assertThat(r.status()).isEqualTo(Delivery.Status.REFUSED);
    assertThat(r.problem()).isEqualTo("refused by the fake check");
    assertThat(generations.currentTarget()).contains(good);
    assertThat(applier.calls).endsWith("validate", "reload " + good);
    assertThat(delivery.persisted().ir()).isEqualTo(first.ir());
    assertThat(delivery.behind(Duration.ZERO)).isEmpty();
  }

  private String emitted(Compilation c, Path dir) {
    return new HaproxyEmitter().emit(c.ir(), c.endpoints(), new EmitOptions(8080, 8443, dir, generations.runtime(),
        java.util.Optional.empty())).files().stream().filter(f -> f.path().equals("haproxy.cfg")).findFirst()
        .orElseThrow().text();
  }

  /** Takes every live change, checks as told, and records what it was asked. */
  private static final class RecordingApplier implements FileTarget {
    final List<String> calls = new ArrayList<>();
    boolean checkOk = true;
    boolean standsIn;
    boolean outlives;

    @Override
    public String name() {
      return "haproxy";
    }

    @Override
    public String describe() {
      return "fake";
    }

    @Override
    public EmittedFiles emit(IngressIR routing, EndpointTable endpoints, EmitOptions options) {
      return new HaproxyEmitter().emit(routing, endpoints, options);
    }

    @Override
    public ProxyCheck check(Path candidateDir) {
      calls.add("validate");
      return new ProxyCheck(checkOk, checkOk ? "" : "refused by the fake check", Duration.ZERO);
    }

    @Override
    public void start(Path candidateDir) {
      calls.add("start");
    }

    @Override
    public void applyRouting(Path candidateDir) {
      calls.add("reload " + candidateDir);
    }

    @Override
    public boolean running() {
      return true;
    }

    @Override
    public void close() {}

    @Override
    public boolean applyEndpoints(IngressIR routing, EndpointTable endpoints, EmitOptions options) {
      calls.add("live");
      return true;
    }

    @Override
    public boolean applyRoutingLive(IngressIR routing, EndpointTable endpoints, EmitOptions options) {
      calls.add("live");
      return true;
    }

    @Override
    public boolean outlivesSidecar() {
      return outlives;
    }

    @Override
    public boolean standsIn() {
      return standsIn;
    }

    @Override
    public void switched(IngressIR ir, EndpointTable endpoints, EmitOptions options) {
      calls.add("switched");
    }
  }
}
