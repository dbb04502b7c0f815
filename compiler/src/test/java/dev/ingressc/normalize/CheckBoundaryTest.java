package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The step {@code check} is the only part of normalize that reads fabric8 objects: every other
 * normalize class reads the checked records. Checked twice: in the sources (an import or a fully
 * qualified name), and in the compiled classes (any reference in the constant pool, which also
 * catches a fabric8 type reached through {@code var} or a chained call without naming it).
 */
class CheckBoundaryTest {
  /** The check step: each turns fabric8 objects into typed records, or keeps those records by instance. */
  static final Set<String> CHECK_CLASSES = Set.of(
      "CheckedIngress", "BackendProtocols", "SslPassthroughAnnotation", "CanaryAnnotations", "UseRegex", "RouteRedirects", "RouteRewrites", "SslRedirects", "UpstreamVhosts", "AppRootAnnotation", "WwwRedirectAnnotation", "ProxySettingsAnnotations", "SourceRangeAnnotations", "CorsAnnotations", "RateLimitAnnotations", "ExternalAuthAnnotations", "SignInUrls", "AffinityAnnotations", "BasicAuthAnnotations", "ClassRequests", "Selections", // an Ingress, and its memo
      "CheckedService", "CheckedSlice", "CheckedClass", "CheckedConfigMap", "SecretCheck", "CheckedAuthSecret",
      "CheckedObjects"); // the memo of the other objects by instance, and the one place below that looks them up

  private static final Path SOURCES = Path.of("src/main/java/dev/ingressc/normalize");

  @Test
  void noNormalizeSourceOutsideCheckNamesFabric8() throws IOException {
    assertThat(sourceViolations(SOURCES, CHECK_CLASSES)).isEmpty();
  }

  @Test
  void noNormalizeClassOutsideCheckReferencesFabric8() throws IOException {
    assertThat(classViolations(classes(), CHECK_CLASSES)).isEmpty();
  }

  /** The rule fails on a violation: the real check classes are violations once not allowed. */
  @Test
  void aClassReadingFabric8OutsideTheAllowedListIsReported() throws IOException {
    Set<String> withoutService = new HashSet<>(CHECK_CLASSES);
    withoutService.removeAll(List.of("CheckedService", "CheckedSlice"));
    assertThat(sourceViolations(SOURCES, withoutService)).containsExactly("CheckedService", "CheckedSlice");
    assertThat(classViolations(classes(), withoutService)).containsExactly("CheckedService", "CheckedSlice");
  }

  @Test
  void theRuleSeesEveryNormalizeFile() throws IOException {
    // A wrong directory would pass vacuously.
    try (Stream<Path> files = Files.list(SOURCES)) {
      assertThat(files.map(p -> p.getFileName().toString())).contains("Merge.java", "BackendResolver.java",
          "Normalizer.java", "CheckedService.java");
    }
    try (Stream<Path> files = Files.list(classes())) {
      assertThat(files.map(p -> p.getFileName().toString())).contains("Merge.class", "BackendResolver.class");
    }
  }

  /** The top-level classes (by simple name) whose source names io.fabric8 and that are not allowed. */
  static Set<String> sourceViolations(Path dir, Set<String> allowed) throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String name = f.getFileName().toString().replace(".java", "");
        if (!allowed.contains(name) && Files.readString(f).contains("io.fabric8")) {
          out.add(name);
        }
      }
    }
    return out;
  }

  /** The top-level classes (nested ones count as their outer class) whose class files reference io/fabric8. */
  static Set<String> classViolations(Path dir, Set<String> allowed) throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = f.getFileName().toString().replace(".class", "").replaceAll("\\$.*", "");
        String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        if (!allowed.contains(name) && bytes.contains("io/fabric8")) {
          out.add(name);
        }
      }
    }
    return out;
  }

  private static Path classes() {
    try {
      return Path.of(Merge.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .resolve("dev/ingressc/normalize");
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
