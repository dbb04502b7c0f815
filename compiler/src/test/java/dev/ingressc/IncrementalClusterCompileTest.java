package dev.ingressc;

import static dev.ingressc.testkit.fixtures.Manifests.configMap;
import static dev.ingressc.testkit.fixtures.Manifests.endpointSlice;
import static dev.ingressc.testkit.fixtures.Manifests.ingress;
import static dev.ingressc.testkit.fixtures.Manifests.ingressClass;
import static dev.ingressc.testkit.fixtures.Manifests.join;
import static dev.ingressc.testkit.fixtures.Manifests.ready;
import static dev.ingressc.testkit.fixtures.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.Compiler.Compilation;
import dev.ingressc.load.InputObjects;
import dev.ingressc.load.Loader;
import dev.ingressc.load.Located;
import dev.ingressc.testkit.fixtures.Manifests.Ep;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode: a compile that keeps a {@link CompileCache} across passes over typed objects, as
 * the cluster's informers hand them over, gives what a fresh compile gives, and builds no host again
 * for objects that did not change.
 */
class IncrementalClusterCompileTest extends IncrementalCompileFixture {
  /**
   * Cluster mode: informer objects keep their identity until updated, and an update is a new
   * instance. Kept instances are taken from the cache; a replaced one is read again.
   */
  @Test
  void typedObjectsKeptByIdentityGiveWhatAFreshCompileGives() {
    List<Ingress> ingresses = new ArrayList<>(typed(Ingress.class, join(
        ingress("a").rule("a.example.com").path("/", "Prefix", "web", 80).yaml(),
        ingress("b").rule("b.example.com").path("/", "Prefix", "web", 80).yaml())));
    Service svc = typed(Service.class, service("web", 80)).get(0);
    EndpointSlice slice = typed(EndpointSlice.class,
        endpointSlice("default", "web-1", "web", null, 8080, ready("10.0.0.1"))).get(0);

    Outcome before = clusterPass(ingresses, svc, slice);
    assertThat(clusterPass(ingresses, svc, slice)).isEqualTo(before);
    long validated = cache.normalize().validated();

    // b is updated: same key, new instance, different content.
    ingresses.set(1, typed(Ingress.class, ingress("b").rule("b.example.com").path("/x;y", "Prefix", "web", 80)
        .yaml()).get(0));
    Outcome updated = clusterPass(ingresses, svc, slice);
    assertThat(updated).isNotEqualTo(before);
    assertThat(updated.taken()).containsExactly("default/a");
    assertThat(cache.normalize().validated() - validated).as("only the new instance is read").isEqualTo(1);

    EndpointSlice moved = typed(EndpointSlice.class,
        endpointSlice("default", "web-1", "web", null, 8080, ready("10.0.0.9"))).get(0);
    assertThat(clusterPass(ingresses, svc, moved)).isNotEqualTo(updated);
  }

  /**
   * Routing apart from endpoints: an EndpointSlice that is another instance with other ready
   * endpoints builds no host and gives the same routing IR instance (what the sidecar checks to
   * apply endpoints alone), with another endpoints table. Its last ready endpoint going is a
   * routing change (the upstream becomes unavailable), whose hosts are still the same instances.
   */
  @Test
  void endpointSliceChangeKeepsTheRoutingAndChangesOnlyTheTable() {
    List<Ingress> ingresses = typed(Ingress.class, join(
        ingress("a").rule("a.example.com").path("/", "Prefix", "web", 80).yaml(),
        ingress("b").rule("b.example.com").path("/", "Prefix", "web", 80).yaml()));
    Service svc = typed(Service.class, service("web", 80)).get(0);
    Compilation first = clusterCompile(ingresses, svc, typed(EndpointSlice.class,
        endpointSlice("default", "web-1", "web", null, 8080, ready("10.0.0.1"))).get(0));
    long built = cache.normalize().hostsBuilt();

    Compilation moved = clusterCompile(ingresses, svc, typed(EndpointSlice.class,
        endpointSlice("default", "web-1", "web", null, 8080, ready("10.0.0.9"), ready("10.0.0.2"))).get(0));
    assertThat(cache.normalize().hostsBuilt()).as("no host built again").isEqualTo(built);
    assertThat(moved.ir()).as("the routing is the same instance").isSameAs(first.ir());
    assertThat(moved.endpoints()).isNotEqualTo(first.endpoints());
    assertThat(moved.endpoints().of("default/web:80"))
        .containsExactly(new dev.ingressc.ir.Endpoint("10.0.0.2", 8080), new dev.ingressc.ir.Endpoint("10.0.0.9", 8080));

    Compilation none = clusterCompile(ingresses, svc, typed(EndpointSlice.class,
        endpointSlice("default", "web-1", "web", null, 8080, new Ep("10.0.0.9", false))).get(0));
    assertThat(none.ir()).as("no ready endpoint: a routing change").isNotEqualTo(moved.ir());
    assertThat(none.ir().upstream("default/web:80").orElseThrow().kind()).isEqualTo(dev.ingressc.ir.UpstreamKind.UNAVAILABLE);
    assertThat(none.endpoints().of("default/web:80")).isEmpty();
    for (int i = 0; i < none.ir().virtualHosts().size(); i++) {
      assertThat(none.ir().virtualHosts().get(i)).isSameAs(moved.ir().virtualHosts().get(i));
    }
    assertThat(cache.normalize().hostsBuilt()).as("still no host built again").isEqualTo(built);
  }

  /** One cluster-mode pass with the cache, checked against a fresh compile. */
  private Compilation clusterCompile(List<Ingress> ingresses, Service svc, EndpointSlice slice) {
    InputObjects.Builder kept = InputObjects.builder(cache.typing());
    InputObjects.Builder fresh = InputObjects.builder();
    for (InputObjects.Builder b : List.of(kept, fresh)) {
      ingresses.forEach(b::ingress);
      b.service(svc).endpointSlice(slice);
    }
    Compilation cached = Compiler.compile(kept.build(), OPTIONS, cache);
    assertThat(Outcome.of(cached)).isEqualTo(Outcome.of(Compiler.compile(fresh.build(), OPTIONS)));
    return cached;
  }

  /**
   * Cluster mode with class parameters: the IngressParameters come as new (equal) objects every
   * pass, and ConfigMaps no class names change; neither makes a pass build hosts again. Changed
   * parameters do, and the result stays that of a fresh compile.
   */
  @Test
  void equalClassParametersAndOtherConfigMapsKeepHosts() {
    List<Ingress> ingresses = typed(Ingress.class, join(
        ingress("a").rule("a.example.com").path("/", "Prefix", "web", 80).yaml(),
        ingress("b").rule("b.example.com").path("/", "Prefix", "web", 80).yaml()));
    String cls = ingressClass("ours", CompileOptions.DEFAULT_CONTROLLER, true,
        "  parameters:\n    apiGroup: ingressc.dev\n    kind: IngressParameters\n    name: fast\n");
    Outcome first = clusterPassWithClass(ingresses, cls, "least-connections", "one");
    long built = cache.normalize().hostsBuilt();
    assertThat(clusterPassWithClass(ingresses, cls, "least-connections", "two")).isEqualTo(first);
    assertThat(cache.normalize().hostsBuilt()).as("no host built again").isEqualTo(built);
    assertThat(clusterPassWithClass(ingresses, cls, "random", "two")).isNotEqualTo(first);
  }

  private Outcome clusterPassWithClass(List<Ingress> ingresses, String cls, String loadBalancing, String unrelated) {
    InputObjects.Builder kept = InputObjects.builder(cache.typing());
    InputObjects.Builder fresh = InputObjects.builder();
    for (InputObjects.Builder b : List.of(kept, fresh)) {
      // New objects every pass, as a cluster's informers may hand over.
      InputObjects in = InputObjects.of(Loader.loadText("cluster.yaml", join(cls,
          "apiVersion: ingressc.dev/v1alpha1\nkind: IngressParameters\nmetadata: {name: fast}\n"
              + "spec: {loadBalancing: " + loadBalancing + "}\n",
          configMap("default", "unrelated", java.util.Map.of("k", unrelated)),
          service("web", 80))).objects());
      ingresses.forEach(b::ingress);
      in.ingressClasses().forEach(c -> b.ingressClass(c.value()));
      in.parameterObjects().forEach(p -> b.parameters(p.value()));
      b.configMap(in.configMap("default", "unrelated").value());
      b.service(in.service("default", "web").value());
    }
    Outcome cached = Outcome.of(Compiler.compile(kept.build(), OPTIONS, cache));
    Outcome expected = Outcome.of(Compiler.compile(fresh.build(), OPTIONS));
    assertThat(cached).isEqualTo(expected);
    return cached;
  }

  private Outcome clusterPass(List<Ingress> ingresses, Service svc, EndpointSlice slice) {
    InputObjects.Builder kept = InputObjects.builder(cache.typing());
    InputObjects.Builder fresh = InputObjects.builder();
    for (InputObjects.Builder b : List.of(kept, fresh)) {
      ingresses.forEach(b::ingress);
      b.service(svc).endpointSlice(slice);
    }
    Outcome cached = Outcome.of(Compiler.compile(kept.build(), OPTIONS, cache));
    Outcome expected = Outcome.of(Compiler.compile(fresh.build(), OPTIONS));
    assertThat(cached).isEqualTo(expected);
    return cached;
  }

  /** Objects of one kind, typed as the cluster's informers would hand them over. */
  private static <T> List<T> typed(Class<T> type, String yaml) {
    InputObjects in = InputObjects.of(Loader.loadText("cluster.yaml", yaml).objects());
    List<Located<?>> all = new ArrayList<>();
    all.addAll(in.ingresses());
    all.addAll(in.endpointSlices());
    if (type == Service.class) {
      return List.of(type.cast(in.service("default", "web").value()));
    }
    return all.stream().map(Located::value).filter(type::isInstance).map(type::cast).toList();
  }
}
