package dev.ingressc.emit.nginx;

import dev.ingressc.testkit.e2e.HostileInputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.ir.Backend;
import dev.ingressc.ir.BackendProtocol;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.HostMatch;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.Origin;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.RequestTargets;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.RouteSettings;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import dev.ingressc.ir.VirtualHost;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The emitter's own defence, below validation: an IR built by hand with hostile strings in paths,
 * origins (printed in comments) and upstream names. Each string is either refused by
 * {@link NginxQuoting} or, through a real nginx, matched literally with no effect on the rest.
 */
@RealProxy("nginx")
class NginxEscapingTest {

  static Stream<String> hostile() {
    return HostileInputs.HOSTILE.stream();
  }

  @ParameterizedTest(name = "{index}")
  @MethodSource("hostile")
  void aHostileStringInTheIrIsRefusedOrMatchedLiterally(String h, ProxyLauncher nginx) {
    try (EchoBackends backends = new EchoBackends()) {
      List<String> a = backends.start("up-" + h, 1);
      List<String> b = backends.start("root", 1);
      List<String> c = backends.start("prefix", 1);
      IngressIR ir = ir(h);
      EndpointTable endpoints = endpoints(h, a.get(0), b.get(0), c.get(0), backends.port());
      boolean refusable = h.chars().anyMatch(ch -> ch == '$' || (ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t'));
      if (refusable) {
        assertThatThrownBy(() -> new NginxEmitter().emit(ir, endpoints, EmitOptions.of(80, 443, Path.of("/tmp/x"))))
            .isInstanceOf(NginxQuoting.UnsafeValueException.class).hasMessageNotContaining(h);
        return;
      }
      try (Deployment d = Deployment.ofIr("escaping", ir, endpoints, new NginxEmitter(), nginx)) {
        String conf = d.files().file("nginx.conf").orElseThrow().text();
        assertThat(d.check().ok()).as("nginx -t: %s\n%s", d.check().output(), conf).isTrue();
        HostileInputs.assertNoInjectedDirective(conf);
        String host = "good.example.com";
        assertThat(HttpProbe.get(d.address(), d.httpPort(), host, "/other").echo().path("upstream").asText())
            .isEqualTo("root");
        boolean sendable = h.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f && ch != '#' && ch != '%' && ch != '?')
            && !h.contains("..");
        if (sendable && RequestTargets.canonicalize("/" + h) instanceof RequestTargets.Refused) {
          // A character the request-target policy refuses in a path: no request reaches the rule.
          assertThat(HttpProbe.get(d.address(), d.httpPort(), host, "/" + h).status()).isEqualTo(400);
        } else if (sendable) {
          assertThat(HttpProbe.get(d.address(), d.httpPort(), host, "/" + h).echo().path("upstream").asText())
              .isEqualTo("up-" + h);
          assertThat(HttpProbe.get(d.address(), d.httpPort(), host, "/p" + h + "/sub").echo().path("upstream").asText())
              .isEqualTo("prefix");
        }
      }
    }
  }

  @Test
  void aHostThatIsNotADnsNameIsRefused() {
    Backend b = backend("default/a:80");
    Upstream u = new Upstream("default/a:80", UpstreamKind.STATIC, LoadBalancing.ROUND_ROBIN, BackendProtocol.HTTP, "");
    EndpointTable endpoints = new EndpointTable(Map.of("default/a:80", List.of(new Endpoint("127.0.0.1", 80))));
    for (String host : List.of("evil.com; return 200 x", "~^.*$", "a b", "*.x}")) {
      VirtualHost v = new VirtualHost(host, host.startsWith("*.") ? HostMatch.WILDCARD : HostMatch.EXACT,
          List.of(new Route("/", PathMatch.PREFIX, "Prefix", b, RouteSettings.DEFAULTS, b.origin())), Optional.empty());
      IngressIR ir = new IngressIR(List.of(v), Optional.empty(), List.of(u), List.of(), Optional.empty());
      assertThatThrownBy(() -> new NginxEmitter().emit(ir, endpoints, EmitOptions.of(80, 443, Path.of("/tmp/x"))))
          .isInstanceOf(NginxQuoting.UnsafeValueException.class);
    }
  }

  @Test
  void noTemplateCanTurnEscapingOff() throws IOException {
    Path dir = Path.of(System.getProperty("ingressc.repo.root"), "templates", "nginx");
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> templates = files.filter(p -> p.toString().endsWith(".ftl")).toList();
      assertThat(templates).isNotEmpty();
      for (Path t : templates) {
        assertThat(Files.readString(t)).as(t.toString())
            .doesNotContain("no_esc", "noautoesc", "noAutoEsc", "outputformat", "outputFormat", "markup_string", "?eval",
                "?interpret", "?new", "?api");
      }
    }
  }

  private static IngressIR ir(String h) {
    Backend a = backend("up-" + h);
    Backend b = backend("root");
    Backend c = backend("prefix");
    Origin hostileOrigin = new Origin(h, h, "spec.rules[0]" + h);
    List<Route> routes = List.of(
        new Route("/p" + h, PathMatch.PREFIX, "Prefix", c, RouteSettings.DEFAULTS, hostileOrigin),
        new Route("/" + h, PathMatch.EXACT, "Exact", a, RouteSettings.DEFAULTS, hostileOrigin),
        new Route("/", PathMatch.PREFIX, "Prefix", b, RouteSettings.DEFAULTS, b.origin()));
    List<Route> sorted = routes.stream().sorted(dev.ingressc.normalize.Normalizer.PRECEDENCE).toList();
    VirtualHost v = new VirtualHost("good.example.com", HostMatch.EXACT, sorted, Optional.empty());
    List<Upstream> upstreams = Stream.of(
        new Upstream("up-" + h, UpstreamKind.STATIC, LoadBalancing.ROUND_ROBIN, BackendProtocol.HTTP, ""),
        new Upstream("root", UpstreamKind.STATIC, LoadBalancing.ROUND_ROBIN, BackendProtocol.HTTP, ""),
        new Upstream("prefix", UpstreamKind.STATIC, LoadBalancing.ROUND_ROBIN, BackendProtocol.HTTP, ""))
        .sorted(java.util.Comparator.comparing(Upstream::name)).toList();
    return new IngressIR(List.of(v), Optional.empty(), upstreams, List.of(), Optional.empty());
  }

  /** The endpoints of {@link #ir}'s upstreams: one echo backend each. */
  private static EndpointTable endpoints(String h, String addrA, String addrB, String addrC, int port) {
    return new EndpointTable(Map.of("up-" + h, List.of(new Endpoint(addrA, port)),
        "root", List.of(new Endpoint(addrB, port)), "prefix", List.of(new Endpoint(addrC, port))));
  }

  private static Backend backend(String upstream) {
    return new Backend(new BackendRef.ServicePort("default", "svc", 80, ""), upstream,
        new Origin("default", "ing", "spec.rules[0]"));
  }
}
