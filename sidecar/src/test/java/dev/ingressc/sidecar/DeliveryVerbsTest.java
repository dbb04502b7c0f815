package dev.ingressc.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.Compiler.Compilation;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.haproxy.HaproxyEmitter;
import dev.ingressc.emit.live.FileTarget;
import dev.ingressc.emit.live.ProxyCheck;
import dev.ingressc.emit.live.PushTarget;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.sidecar.report.Metrics;
import dev.ingressc.testkit.fixtures.FlowManifests;
import dev.ingressc.testkit.proxy.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sidecar's one decision between the two verbs, for both kinds of target: a change of
 * EndpointSlices alone is applied as endpoints (the routing IR is the one served), an Ingress change
 * as routing, and so is an EndpointSlice change that leaves a Service with no ready endpoint (its
 * upstream becomes unavailable: routing). The targets are recording fakes; what each verb does to
 * a real proxy is in HaproxyFileWatchTest, NginxLuaFileWatchTest and EnvoyXdsTest.
 */
class DeliveryVerbsTest {

  private static Compilation compile(List<String> addresses, String... paths) {
    StringBuilder yaml = new StringBuilder(FlowManifests.service("default", "web", Map.of("http", 80))
        + FlowManifests.endpointSlice("default", "web", "web", "http", 8080, addresses, true));
    for (int i = 0; i < paths.length; i++) {
      yaml.append(FlowManifests.ingress("default", "web" + i,
          FlowManifests.rule("web.test", FlowManifests.prefix(paths[i], "web", 80))));
    }
    Compilation c = Compiler.compileText("in.yaml", yaml.toString(), CompileOptions.defaults());
    assertThat(c.diagnostics().hasErrors()).as("errors in %s", c.diagnostics().list()).isFalse();
    return c;
  }

  private static final Compilation SERVED = compile(List.of("10.0.0.1"), "/");
  private static final Compilation OTHER_ENDPOINTS = compile(List.of("10.0.0.2", "10.0.0.3"), "/");
  private static final Compilation NONE_READY = compile(List.of(), "/");
  private static final Compilation OTHER_ROUTES = compile(List.of("10.0.0.1"), "/", "/api");

  @Test
  void theCompilerSplitsAsTheVerbsNeed() {
    assertThat(Delivery.sameRouting(OTHER_ENDPOINTS, SERVED)).isTrue();
    assertThat(OTHER_ENDPOINTS.endpoints()).isNotEqualTo(SERVED.endpoints());
    assertThat(Delivery.sameRouting(NONE_READY, SERVED)).isFalse();
    assertThat(Delivery.sameRouting(OTHER_ROUTES, SERVED)).isFalse();
    assertThat(Delivery.sameRouting(SERVED, null)).isFalse();
  }

  @Test
  void aFileTargetGetsEndpointsForAnEndpointSliceChangeAndRoutingOtherwise() throws Exception {
    try (Workspace ws = Workspace.create("verbs")) {
      RecordingFileTarget target = new RecordingFileTarget();
      FileDelivery delivery = new FileDelivery(target, new Generations(ws.output()), 8080, 8443, new Metrics());
      assertThat(delivery.deliver(SERVED, null, 0, 0).status()).isEqualTo(Delivery.Status.SERVED);
      assertThat(target.verbs).containsExactly("start");

      delivery.deliver(OTHER_ENDPOINTS, SERVED, 0, 0);
      delivery.deliver(NONE_READY, OTHER_ENDPOINTS, 0, 0);
      delivery.deliver(OTHER_ROUTES, NONE_READY, 0, 0);
      assertThat(target.verbs).containsExactly("start", "endpoints " + OTHER_ENDPOINTS.endpoints().byUpstream(),
          "routing", "routing");
      assertThat(target.routing).containsExactly(SERVED.ir(), NONE_READY.ir(), OTHER_ROUTES.ir());
    }
  }

  @Test
  void aPushTargetGetsEdsAloneForAnEndpointSliceChangeAndEverythingOtherwise() {
    RecordingPushTarget target = new RecordingPushTarget();
    PushDelivery delivery = new PushDelivery(target, new Metrics());
    delivery.deliver(SERVED, null, 0, 0);
    delivery.deliver(OTHER_ENDPOINTS, SERVED, 0, 0);
    delivery.deliver(NONE_READY, OTHER_ENDPOINTS, 0, 0);
    delivery.deliver(OTHER_ROUTES, NONE_READY, 0, 0);
    assertThat(target.verbs).containsExactly("routing", "endpoints " + OTHER_ENDPOINTS.endpoints().byUpstream(),
        "routing", "routing");
  }

  /** Takes every change live and records which verb it was given. */
  private static final class RecordingFileTarget implements FileTarget {
    final List<String> verbs = new ArrayList<>();
    final List<IngressIR> routing = new ArrayList<>();

    @Override
    public boolean applyEndpoints(IngressIR served, EndpointTable endpoints, EmitOptions options) {
      verbs.add("endpoints " + endpoints.byUpstream());
      routing.add(served);
      return true;
    }

    @Override
    public boolean applyRoutingLive(IngressIR next, EndpointTable endpoints, EmitOptions options) {
      verbs.add("routing");
      routing.add(next);
      return true;
    }

    @Override
    public EmittedFiles emit(IngressIR ir, EndpointTable endpoints, EmitOptions options) {
      return new HaproxyEmitter().emit(ir, endpoints, options);
    }

    @Override
    public ProxyCheck check(Path candidateDir) {
      return new ProxyCheck(true, "", Duration.ZERO);
    }

    @Override
    public void start(Path candidateDir) {
      verbs.add("start");
    }

    @Override
    public void applyRouting(Path candidateDir) {
      verbs.add("reload");
    }

    @Override
    public boolean running() {
      return true;
    }

    @Override
    public String name() {
      return "haproxy";
    }

    @Override
    public String describe() {
      return "fake";
    }

    @Override
    public void close() {}
  }

  /** Accepts every push and records which verb it was given. */
  private static final class RecordingPushTarget implements PushTarget {
    final List<String> verbs = new ArrayList<>();

    @Override
    public Pushed push(IngressIR routing, EndpointTable endpoints) {
      verbs.add("routing");
      return new Pushed(true, "", Map.of(), List.of());
    }

    @Override
    public Pushed pushEndpoints(EndpointTable endpoints) {
      verbs.add("endpoints " + endpoints.byUpstream());
      return new Pushed(true, "", Map.of(), List.of());
    }

    @Override
    public boolean confirmed() {
      return true;
    }

    @Override
    public int port() {
      return 0;
    }

    @Override
    public String name() {
      return "envoy";
    }

    @Override
    public String describe() {
      return "fake";
    }

    @Override
    public void close() {}
  }
}
