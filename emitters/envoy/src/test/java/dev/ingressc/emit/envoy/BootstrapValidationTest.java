package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ingressc.emit.envoy.EnvoyRoutingCases.Scenario;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import dev.ingressc.testkit.fixtures.Manifests;

/**
 * Every emitted bootstrap parses back into Envoy's Bootstrap proto with the strict parser (unknown
 * fields and unknown {@code @type}s are errors), and prints back to the very same text.
 */
class BootstrapValidationTest {
  static Stream<Scenario> scenarios() {
    return EnvoyRoutingCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyBootstrapParsesStrictlyAndRoundTripsInBothFormats(Scenario s) throws Exception {
    Emitted yaml = Emitted.of(s.yaml(), s.options(), EnvoyRoutingCases.HTTP_PORT, s.httpsPort(), EnvoyJson.Format.YAML);
    Emitted json = Emitted.emit(yaml.ir(), yaml.endpoints(), yaml.diagnostics(), EnvoyRoutingCases.HTTP_PORT, s.httpsPort(),
        EnvoyJson.Format.JSON);
    // The two differ only in the name of the HTTPS route table file they point at.
    Bootstrap jsonWithYamlNames = StrictParse.bootstrap(json.text("envoy.json")
        .replace(StaticBootstrap.httpsRoutesFile(EnvoyJson.Format.JSON), StaticBootstrap.httpsRoutesFile(EnvoyJson.Format.YAML)));
    assertThat(jsonWithYamlNames).as("YAML and JSON carry the same bootstrap").isEqualTo(yaml.bootstrap());
    for (Emitted e : new Emitted[] {yaml, json}) {
      String file = EnvoyEmitter.bootstrapFile(e.format());
      assertThat(EnvoyJson.print(e.bootstrap(), e.format())).as("re-printed %s", file).isEqualTo(e.text(file));
      assertThat(packedTypes(e.text(file))).as("every @type in %s is registered", file).isSubsetOf(registered());
      assertThat(e.bootstrap().getStaticResources().getListenersCount()).isPositive();
      String routes = StaticBootstrap.httpsRoutesFile(e.format());
      if (e.files().file(routes).isPresent()) {
        DiscoveryResponse dr = StrictParse.discoveryResponse(e.text(routes));
        assertThat(EnvoyJson.print(dr, e.format())).as("re-printed %s", routes).isEqualTo(e.text(routes));
        for (Any a : dr.getResourcesList()) {
          assertThat(a.unpack(RouteConfiguration.class).getName()).isEqualTo(EnvoyNames.HTTPS);
        }
        assertThat(packedTypes(e.text(routes))).isSubsetOf(registered());
      }
    }
  }

  @Test
  void anUnknownFieldFailsTheParse() {
    String good = Emitted.of(Manifests.join(EnvoyRoutingCases.ingress("a").rule("a.example").path("/", "Prefix", "svc-1", 80).yaml(),
        EnvoyRoutingCases.services(1))).text("envoy.yaml");
    String topLevel = good.replaceFirst("(?m)^static_resources:", "no_such_field: true\nstatic_resources:");
    // Inside an Any: the connection manager's typed_config gains a field HttpConnectionManager lacks.
    String nested = good.replaceFirst("(?m)^(\\s+)stat_prefix: \"http\"", "$1stat_prefix: \"http\"\n$1bogus_option: 1");
    assertThat(topLevel).isNotEqualTo(good);
    assertThat(nested).isNotEqualTo(good);
    assertThatThrownBy(() -> StrictParse.bootstrap(topLevel)).isInstanceOf(InvalidProtocolBufferException.class);
    assertThatThrownBy(() -> StrictParse.bootstrap(nested)).isInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void anUnknownTypeFailsTheParse() {
    String good = Emitted.of(Manifests.join(EnvoyRoutingCases.ingress("a").rule("a.example").path("/", "Prefix", "svc-1", 80).yaml(),
        EnvoyRoutingCases.services(1))).text("envoy.yaml");
    String bad = good.replace("type.googleapis.com/envoy.extensions.filters.http.router.v3.Router",
        "type.googleapis.com/envoy.extensions.filters.http.router.v3.NoSuchRouter");
    assertThat(bad).isNotEqualTo(good);
    assertThatThrownBy(() -> StrictParse.bootstrap(bad)).isInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void theBootstrapIsTheStaticKind() throws Exception {
    Emitted e = Emitted.of(Manifests.join(EnvoyRoutingCases.ingress("a").rule("a.example").path("/", "Prefix", "svc-1", 80).yaml(),
        EnvoyRoutingCases.services(1)));
    Bootstrap b = e.bootstrap();
    assertThat(b.hasDynamicResources()).isFalse();
    assertThat(b.getAdmin().getAddress().getPipe().getPath()).isEqualTo("/run/ingressc/envoy-admin.sock");
    assertThat(e.text("envoy.yaml")).doesNotContain("ads").doesNotContain("api_config_source");
  }

  /** Every {@code @type} value in a YAML or JSON text, read as a tree (not with the code under test). */
  static Set<String> packedTypes(String text) throws Exception {
    Set<String> out = new TreeSet<>();
    collect(new YAMLMapper().readTree(text), out);
    return out;
  }

  private static void collect(JsonNode n, Set<String> out) {
    if (n.isObject()) {
      n.fields().forEachRemaining(f -> {
        if (f.getKey().equals("@type")) {
          out.add(f.getValue().asText());
        }
        collect(f.getValue(), out);
      });
    } else if (n.isArray()) {
      n.forEach(c -> collect(c, out));
    }
  }

  private static Set<String> registered() {
    return EnvoyJson.PACKED_TYPES.stream().map(Descriptor::getFullName).map(t -> "type.googleapis.com/" + t)
        .collect(Collectors.toSet());
  }
}
