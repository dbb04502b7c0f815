package dev.ingressc.emit.nginx;

import static dev.ingressc.testkit.e2e.Manifests.endpointSlice;
import static dev.ingressc.testkit.e2e.Manifests.ingress;
import static dev.ingressc.testkit.e2e.Manifests.prefix;
import static dev.ingressc.testkit.e2e.Manifests.rule;
import static dev.ingressc.testkit.e2e.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Promises of the Lua balancer (--format lua) that the shared cases do not cover, through a real
 * nginx. The control socket is exercised through the sidecar, which owns its client.
 */
@RealProxy("nginx-lua")
class NginxLuaTargetTest {
  private static final String NS = "default";

  @Test
  void anEndpointThatRefusesIsRetriedOnTheNextAsNginxDoes(ProxyLauncher nginx) {
    try (EchoBackends backends = new EchoBackends()) {
      List<String> addresses = new ArrayList<>(backends.start(NS + "/web:80", 2));
      // Nothing listens on .250: a connection there is refused, and the next endpoint must answer.
      String dead = addresses.get(0).substring(0, addresses.get(0).lastIndexOf('.')) + ".250";
      addresses.add(dead);
      String yaml = service(NS, "web", Map.of("http", 80))
          + endpointSlice(NS, "web", "web", "http", backends.port(), addresses, true)
          + ingress(NS, "web", rule("web.example.com", prefix("/", "web", 80)));
      try (Deployment d = Deployment.of("lua-retry", yaml, CompileOptions.defaults(),
          new NginxEmitter(NginxFormat.LUA), nginx)) {
        assertThat(d.check().ok()).as("nginx -t: %s", d.check().output()).isTrue();
        assertThat(d.files().file(LuaEndpoints.FILE).orElseThrow().text()).contains(dead + ":" + backends.port());
        Set<String> answered = new HashSet<>();
        for (int i = 0; i < 12; i++) {
          HttpResult r = HttpProbe.get(d.address(), d.httpPort(), "web.example.com", "/" + i);
          assertThat(r.status()).as("request %d: %s", i, r.text()).isEqualTo(200);
          answered.add(r.echo().path("endpoint").asText());
        }
        assertThat(answered).hasSize(2);
      }
    }
  }
}
