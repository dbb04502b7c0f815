package dev.ingressc.emit.nginx;

import static dev.ingressc.testkit.fixtures.FlowManifests.endpointSlice;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingressClass;
import static dev.ingressc.testkit.fixtures.FlowManifests.parameters;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;
import static dev.ingressc.testkit.fixtures.FlowManifests.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What --format lua writes, without a proxy. */
class LuaFormatTest {
  private static final String NS = "default";

  private static Compiler.Compilation ir(List<String> webAddresses, boolean ready, String lb) {
    String classes = lb == null ? "" : ingressClass("lb", CompileOptions.DEFAULT_CONTROLLER, false, "lb")
        + parameters("lb", "loadBalancing: " + lb);
    String yaml = classes + service(NS, "web", Map.of("http", 80))
        + endpointSlice(NS, "web", "web", "http", 8080, webAddresses, ready)
        + ingress(NS, "web", "", lb == null ? "" : "  ingressClassName: lb\n",
            rule("web.example.com", prefix("/", "web", 80)));
    return Compiler.compileText("test.yaml", yaml, CompileOptions.defaults());
  }

  private static EmittedFiles emit(Compiler.Compilation c) {
    return new NginxEmitter().emit(c.ir(), c.endpoints(), new EmitOptions(80, 443, Path.of("/etc/ingressc/nginx"),
        Path.of("/run/ingressc"), Optional.of("lua")));
  }

  private static String file(EmittedFiles f, String name) {
    return f.file(name).orElseThrow().text();
  }

  @Test
  void endpointChangesTouchOnlyEndpointsConf() {
    EmittedFiles one = emit(ir(List.of("10.0.0.1"), true, null));
    EmittedFiles two = emit(ir(List.of("10.0.0.1", "10.0.0.2"), true, null));
    EmittedFiles none = emit(ir(List.of("10.0.0.1"), false, null));
    assertThat(file(two, "nginx.conf")).isEqualTo(file(one, "nginx.conf"));
    assertThat(file(none, "nginx.conf")).isEqualTo(file(one, "nginx.conf"));
    String id = new UpstreamIds(ir(List.of("10.0.0.1"), true, null).ir().upstreams()).id("default/web:80");
    assertThat(file(one, LuaEndpoints.FILE)).contains("\"" + id + "\" \"rr 10.0.0.1:8080\";");
    assertThat(file(two, LuaEndpoints.FILE)).contains("\"" + id + "\" \"rr 10.0.0.1:8080 10.0.0.2:8080\";");
    // No ready endpoint: the method alone, and the balancer's access check answers 503.
    assertThat(file(none, LuaEndpoints.FILE)).contains("\"" + id + "\" \"rr\";");
    assertThat(file(one, "nginx.conf")).contains("set $ingressc_balanced \"" + id + "\";")
        .doesNotContain("upstream \"" + id + "\"");
  }

  /**
   * Hosts routing to the same Service as more than {@link ServerSharing#OWN_SERVER_FROM} others keep
   * a server of their own; the hosts that differ share one through the host-route map.
   */
  @Test
  void manyHostsWithTheSameUpstreamsKeepTheirOwnServerOutOfTheMap() {
    int many = ServerSharing.OWN_SERVER_FROM + 1;
    StringBuilder yaml = new StringBuilder();
    for (String svc : List.of("one", "two", "three")) {
      yaml.append(service(NS, svc, Map.of("http", 80))).append(endpointSlice(NS, svc, svc, "http", 8080,
          List.of("10.0.0." + (svc.length())), true));
    }
    for (int i = 0; i < many; i++) {
      yaml.append(ingress(NS, "same-" + i, rule("same-" + i + ".example.com", prefix("/", "one", 80))));
    }
    yaml.append(ingress(NS, "u1", rule("u1.example.com", prefix("/", "two", 80))));
    yaml.append(ingress(NS, "u2", rule("u2.example.com", prefix("/", "three", 80))));
    Compiler.Compilation c = Compiler.compileText("test.yaml", yaml.toString(), CompileOptions.defaults());
    String conf = file(emit(c), "nginx.conf");
    List<String> serverNames = conf.lines().filter(l -> l.strip().startsWith("server_name ")).toList();
    assertThat(serverNames).hasSize(2);
    assertThat(serverNames).anySatisfy(l -> assertThat(l.split("\" \"")).hasSize(many));
    assertThat(serverNames).anySatisfy(l -> assertThat(l).contains("\"u1.example.com\" \"u2.example.com\";"));
    assertThat(conf.lines().filter(l -> l.matches(" +\"u[12]\\.example\\.com 1\" \"u.*\";"))).hasSize(2);
    assertThat(conf).doesNotContain("same-0.example.com 1");
  }

  @Test
  void leastConnectionsKeepsItsOwnUpstreamBlock() {
    Compiler.Compilation c = ir(List.of("10.0.0.1"), true, "least-connections");
    String id = new UpstreamIds(c.ir().upstreams()).id("default/web:80");
    EmittedFiles f = emit(c);
    assertThat(file(f, "nginx.conf")).contains("upstream \"" + id + "\" {\n        least_conn;")
        .doesNotContain("set $ingressc_balanced \"u");
    assertThat(file(f, LuaEndpoints.FILE)).doesNotContain(id);
  }

  @Test
  void theNativeFormatHasNoLua() {
    Compiler.Compilation c = ir(List.of("10.0.0.1"), true, null);
    EmittedFiles f = new NginxEmitter().emit(c.ir(), c.endpoints(), EmitOptions.of(80, 443, Path.of("/tmp/out")));
    assertThat(f.file(LuaEndpoints.FILE)).isEmpty();
    assertThat(file(f, "nginx.conf")).doesNotContain("lua").doesNotContain("ingressc_balanced");
  }

  @Test
  void anUnknownFormatIsRefused() {
    Compiler.Compilation c = ir(List.of("10.0.0.1"), true, null);
    assertThatThrownBy(() -> new NginxEmitter().emit(c.ir(), c.endpoints(),
        new EmitOptions(80, 443, Path.of("/o"), Path.of("/r"), Optional.of("openresty"))))
        .hasMessageContaining("native or lua");
  }
}
