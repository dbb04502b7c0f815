package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.envoy.EnvoyRoutingCases.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import dev.ingressc.testkit.fixtures.Manifests;

/** The same objects in any order give byte-identical files. */
class DeterminismTest {
  @Test
  void shuffledInputGivesByteIdenticalOutput() {
    List<String> docs = new ArrayList<>();
    for (Scenario s : EnvoyRoutingCases.all()) {
      if (s.name().startsWith("TLS: two") || s.name().startsWith("wildcard host with") || s.name().startsWith("conflict")
          || s.name().startsWith("simple fanout") || s.name().startsWith("hostile: regex")) {
        docs.addAll(documents(s.yaml()));
      }
    }
    // The scenarios reuse object names; keep the first of each so the input stays one consistent set.
    List<String> unique = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (String d : docs) {
      String key = d.lines().filter(l -> l.startsWith("kind:") || l.startsWith("  name:")).toList().toString();
      if (!seen.contains(key)) {
        seen.add(key);
        unique.add(d);
      }
    }
    List<EmittedFile> first = emit(unique, EnvoyJson.Format.YAML);
    assertThat(first).extracting(EmittedFile::path).contains("envoy.yaml", "routes-https.yaml");
    Random random = new Random(20240501);
    for (int round = 0; round < 5; round++) {
      List<String> shuffled = new ArrayList<>(unique);
      Collections.shuffle(shuffled, random);
      assertThat(shuffled).isNotEqualTo(unique);
      assertSameBytes(first, emit(shuffled, EnvoyJson.Format.YAML));
    }
    assertSameBytes(emit(unique, EnvoyJson.Format.JSON), emit(reversed(unique), EnvoyJson.Format.JSON));
  }

  private static List<String> reversed(List<String> l) {
    List<String> r = new ArrayList<>(l);
    Collections.reverse(r);
    return r;
  }

  private static List<EmittedFile> emit(List<String> docs, EnvoyJson.Format format) {
    return Emitted.of(Manifests.join(docs.toArray(String[]::new)), dev.ingressc.CompileOptions.defaults(),
        EnvoyRoutingCases.HTTP_PORT, EnvoyRoutingCases.HTTPS_PORT, format).files().files();
  }

  private static void assertSameBytes(List<EmittedFile> a, List<EmittedFile> b) {
    assertThat(b).extracting(EmittedFile::path).containsExactlyElementsOf(a.stream().map(EmittedFile::path).toList());
    for (int i = 0; i < a.size(); i++) {
      assertThat(Arrays.equals(a.get(i).content(), b.get(i).content())).as(a.get(i).path()).isTrue();
    }
  }

  private static List<String> documents(String yaml) {
    return Arrays.stream(yaml.split("(?m)^---\\n")).filter(d -> !d.isBlank()).toList();
  }
}
