package dev.ingressc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.annotations.AnnotationReference;
import dev.ingressc.annotations.AnnotationReference.TargetColumn;
import dev.ingressc.emit.Emitter;
import dev.ingressc.emit.Emitters;
import dev.ingressc.ir.TargetFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/annotations.md is the annotation table printed, each target's column as its emitter says
 * what it lacks: the test fails when they differ. {@code -Dannotations.update=true} rewrites the
 * page; review it before committing.
 */
class AnnotationPageTest {
  private static final Path PAGE = Path.of(System.getProperty("ingressc.repo.root", ".."), "docs", "annotations.md");
  private static final Map<String, String> TITLES = Map.of("nginx", "nginx", "haproxy", "HAProxy", "envoy", "Envoy");

  static List<TargetColumn> columns() {
    Map<String, Emitter> emitters = Emitters.available();
    assertThat(emitters.keySet()).as("the page's columns").contains("nginx", "haproxy", "envoy");
    return List.of("nginx", "haproxy", "envoy").stream().map(name -> {
      Emitter e = emitters.get(name);
      Map<String, Set<TargetFeature>> formats = new LinkedHashMap<>();
      e.formats().forEach(f -> formats.put(f, e.lacks(f.isEmpty() ? Optional.empty() : Optional.of(f))));
      return new TargetColumn(TITLES.get(name), formats);
    }).toList();
  }

  @Test
  void thePageIsTheTable() throws IOException {
    String generated = AnnotationReference.markdown(columns());
    if (Boolean.getBoolean("annotations.update")) {
      Files.createDirectories(PAGE.getParent());
      Files.writeString(PAGE, generated);
    }
    assertThat(PAGE).as("docs/annotations.md; regenerate with -Dannotations.update=true").exists();
    assertThat(Files.readString(PAGE)).as("docs/annotations.md differs from AnnotationTable; regenerate with"
        + " -Dannotations.update=true and review").isEqualTo(generated);
  }

  @Test
  void aTargetThatLacksWhatAKeyNeedsSaysItRejects() {
    String page = AnnotationReference.markdown(columns());
    String limit = page.lines().filter(l -> l.startsWith("| `nginx.ingress.kubernetes.io/limit-connections` |"))
        .findFirst().orElseThrow();
    assertThat(limit.split(" \\| ")[3]).as("Envoy").startsWith("**rejects the Ingress**: cannot do limiting concurrent");
    String url = page.lines().filter(l -> l.startsWith("| `nginx.ingress.kubernetes.io/auth-url` |")).findFirst().orElseThrow();
    assertThat(url.split(" \\| ")[3]).as("Envoy").isEqualTo("honoured");
    String signIn = page.lines().filter(l -> l.startsWith("| `nginx.ingress.kubernetes.io/auth-signin` |")).findFirst()
        .orElseThrow();
    assertThat(signIn.split(" \\| ")[1]).as("nginx").startsWith("honoured in the `lua` format; `native`: **rejects");
    assertThat(signIn.split(" \\| ")[2]).as("HAProxy").isEqualTo("honoured");
  }
}
