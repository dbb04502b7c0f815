package dev.ingressc.emit.envoy.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.emit.envoy.EnvoyTranslator;
import dev.ingressc.emit.envoy.VirtualHostCache;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.testkit.fixtures.FlowManifests;
import dev.ingressc.testkit.fixtures.TestCertificates;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Route tables put together from kept virtual-host encodings are exactly what {@code Any.pack} gives. */
class RouteTableSerializerTest {
  private final VirtualHostCache cache = new VirtualHostCache();
  private final RouteTableSerializer serializer = new RouteTableSerializer();

  private List<RouteConfiguration> tables(String... hosts) {
    TestCertificates.Pem pem = TestCertificates.selfSigned(List.of("tls.test"));
    StringBuilder yaml = new StringBuilder(FlowManifests.service("default", "web", Map.of("http", 80))
        + FlowManifests.tlsSecret("default", "cert", pem.certificate(), pem.key())
        + FlowManifests.ingress("default", "tls", "", "  tls: [{hosts: [tls.test], secretName: cert}]\n",
            FlowManifests.rule("tls.test", FlowManifests.prefix("/", "web", 80))));
    for (String h : hosts) {
      yaml.append(FlowManifests.ingress("default", h, FlowManifests.rule(h, FlowManifests.prefix("/" + h, "web", 80),
          FlowManifests.exact("/exact", "web", 80))));
    }
    Compiler.Compilation c = Compiler.compileText("in.yaml", yaml.toString(), CompileOptions.defaults());
    return EnvoyTranslator.translateForXds(c.ir(), c.endpoints(), 8080, 8443, cache).routeConfigurations();
  }

  private void assertPackedAlike(List<RouteConfiguration> tables) {
    assertThat(tables).hasSize(2); // plain HTTP and HTTPS
    for (RouteConfiguration t : tables) {
      Any ours = serializer.serialize(t, Resources.ApiVersion.V3);
      assertThat(ours).isEqualTo(Any.pack(t));
      assertThat(ours.getValue().toByteArray()).isEqualTo(t.toByteArray());
    }
  }

  @Test
  void aTableAndTheNextWithOneHostChangedAddedAndRemovedAreEncodedAsAnyPackDoes() {
    assertPackedAlike(tables("a.test", "b.test", "c.test"));
    assertPackedAlike(tables("a.test", "b2.test", "c.test", "d.test"));
    assertPackedAlike(tables("a.test", "b2.test", "c.test", "d.test"));
    assertPackedAlike(tables());
  }

  @Test
  void otherResourcesArePackedAsUsual() {
    Cluster c = Cluster.newBuilder().setName("x").build();
    assertThat(serializer.serialize(c, Resources.ApiVersion.V3)).isEqualTo(Any.pack(c));
    RouteConfiguration empty = RouteConfiguration.newBuilder().setName("http").build();
    assertThat(serializer.serialize(empty, Resources.ApiVersion.V3)).isEqualTo(Any.pack(empty));
  }
}
