package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.ir.Upstream;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An upstream's connect timeout is decided in normalize, not by a target: one upstream is shared
 * by every route naming it, each with its class's connect timeout, and the longest wins (no route
 * gives up sooner than it asked); a default backend asks for the defaults' (5 s).
 */
class UpstreamConnectTimeoutTest {

  /** A class whose ConfigMap parameters set proxy-connect-timeout, or none for the defaults. */
  private static List<String> classOf(String name, String timeout) {
    if (timeout.equals("-")) {
      return List.of(Manifests.ingressClass(name, ClassSelectionTest.OURS, false));
    }
    return List.of(Manifests.ingressClass(name, ClassSelectionTest.OURS, false,
            "  parameters:\n    kind: ConfigMap\n    name: " + name + "\n    scope: Namespace\n    namespace: ops\n"),
        Manifests.configMap("ops", name, Map.of("proxy-connect-timeout", timeout)));
  }

  @ParameterizedTest(name = "routes of classes {0}, default backend {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      // class timeouts of the routes | an Ingress defaultBackend to the same Service | upstream's timeout
      "2          | false | PT2S",
      "2 7        | false | PT7S",
      "7 2        | false | PT7S",
      "2 -        | false | PT5S",
      "-          | false | PT5S",
      "2          | true  | PT5S",
      "9          | true  | PT9S",
  })
  void theLongestOfTheRoutesWins(String classes, boolean defaultBackend, Duration expected) {
    List<String> docs = new ArrayList<>();
    String[] timeouts = classes.trim().split(" +");
    for (int i = 0; i < timeouts.length; i++) {
      docs.addAll(classOf("c" + i, timeouts[i]));
      docs.add(Manifests.ingress("ing" + i).className("c" + i).rule("h" + i + ".example.com")
          .path("/", "Prefix", "shared", 80).yaml());
    }
    if (defaultBackend) {
      docs.add(Manifests.ingress("fallback").className("c0").defaultBackend("shared", 80).yaml());
    }
    docs.add(Manifests.service("shared", 80));
    Compiled c = Compiled.docs(docs.toArray(String[]::new));
    assertThat(c.ir().upstreams()).extracting(Upstream::name).containsExactly("default/shared:80");
    assertThat(c.ir().upstreams().get(0).connectTimeout()).isEqualTo(expected);
  }
}
