package dev.ingressc.emit.envoy;

import static dev.ingressc.emit.envoy.EnvoyRoutingCases.ingress;
import static dev.ingressc.testkit.fixtures.Manifests.join;
import static dev.ingressc.testkit.fixtures.Manifests.serviceAndSlice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.emit.envoy.EnvoyRoutingCases.Scenario;
import dev.ingressc.ir.IngressIR;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sidecar's translation with a kept cache always equals a fresh translation, and reuses what it can. */
class VirtualHostCacheTest {
  private static Compiler.Compilation compile(String yaml) {
    return Compiler.compileText("test.yaml", yaml, CompileOptions.defaults());
  }

  private static void assertSameAsFresh(Compiler.Compilation c, VirtualHostCache cache, int httpsPort) {
    EnvoyResources cached = EnvoyTranslator.translateForXds(c.ir(), c.endpoints(), EnvoyRoutingCases.HTTP_PORT, httpsPort, cache);
    EnvoyResources fresh = EnvoyTranslator.translateForXds(c.ir(), c.endpoints(), EnvoyRoutingCases.HTTP_PORT, httpsPort);
    assertThat(cached.routeConfigurations()).isEqualTo(fresh.routeConfigurations());
    assertThat(cached.listeners()).isEqualTo(fresh.listeners());
    assertThat(cached.clusters()).isEqualTo(fresh.clusters());
    assertThat(cached.loadAssignments()).isEqualTo(fresh.loadAssignments());
  }

  /** Every routing scenario, one after the other through one cache, forwards and back. */
  @Test
  void aCacheKeptAcrossAllScenariosNeverChangesATranslation() {
    List<Scenario> all = new ArrayList<>(EnvoyRoutingCases.all());
    List<Scenario> back = new ArrayList<>(all);
    java.util.Collections.reverse(back);
    all.addAll(back);
    VirtualHostCache cache = new VirtualHostCache();
    for (Scenario s : all) {
      assertSameAsFresh(Compiler.compileText("test.yaml", s.yaml(), s.options()), cache, s.httpsPort());
    }
  }

  private static String hosts(int n, String... extra) {
    List<String> docs = new ArrayList<>(List.of(extra));
    for (int i = 1; i <= n; i++) {
      docs.add(ingress("h" + i).rule("h" + i + ".example.com").path("/", "Prefix", "web", 80).yaml());
    }
    return join(docs.toArray(String[]::new));
  }

  @Test
  void aNewHostIsTheOnlyHostTranslatedAndEndpointChangesTranslateNoHost() {
    VirtualHostCache cache = new VirtualHostCache();
    String web = serviceAndSlice("web", 80, 8080, "10.0.0.1");
    assertSameAsFresh(compile(hosts(20, web)), cache, EnvoyRoutingCases.HTTPS_PORT);
    long first = cache.translated();
    assertThat(first).as("20 hosts and the \"*\" host").isEqualTo(21);

    assertSameAsFresh(compile(hosts(21, web)), cache, EnvoyRoutingCases.HTTPS_PORT);
    assertThat(cache.translated() - first).isEqualTo(1);

    assertSameAsFresh(compile(hosts(21, serviceAndSlice("web", 80, 8080, "10.0.0.2", "10.0.0.3"))), cache,
        EnvoyRoutingCases.HTTPS_PORT);
    assertThat(cache.translated() - first).as("endpoints are not part of a virtual host").isEqualTo(1);
  }

  @Test
  void aChangeEveryHostDependsOnTranslatesEveryHost() {
    VirtualHostCache cache = new VirtualHostCache();
    String web = serviceAndSlice("web", 80, 8080, "10.0.0.1");
    assertSameAsFresh(compile(hosts(5, web)), cache, EnvoyRoutingCases.HTTPS_PORT);
    long before = cache.translated();

    // The Service is gone: every route to it now answers 503 itself.
    assertSameAsFresh(compile(hosts(5)), cache, EnvoyRoutingCases.HTTPS_PORT);
    assertThat(cache.translated() - before).isEqualTo(6);

    // From the first state again, a default backend: every host's fallback route changes.
    assertSameAsFresh(compile(hosts(5, web)), cache, EnvoyRoutingCases.HTTPS_PORT);
    String withDefault = hosts(5, web, ingress("fallback").defaultBackend("web", 80).yaml());
    before = cache.translated();
    assertSameAsFresh(compile(withDefault), cache, EnvoyRoutingCases.HTTPS_PORT);
    assertThat(cache.translated() - before).isEqualTo(6);
  }
}
