package dev.ingressc.ir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build rule (root pom, maven-enforcer bannedDependencies) fails on a violation: a copy of the
 * project's poms gets a forbidden dependency and Maven's validate phase must refuse it. The real
 * build passing is the other half: it runs the same rule on the real poms.
 */
class ModuleBoundariesTest {
  @TempDir Path copy;

  @Test
  void anEmitterReachingFabric8OrAnotherEmitterFailsTheBuild() throws Exception {
    copyPoms();
    addDependencies("emitters/haproxy/pom.xml", dependency("io.fabric8", "kubernetes-model-core"),
        dependency("dev.ingressc", "ingressc-emitter-nginx"));
    Run run = maven("-pl", "emitters/haproxy", "-am");
    assertThat(run.exit()).as(run.output()).isNotZero();
    assertThat(run.output())
        .contains("enforce (below-the-compiler) on project ingressc-emitter-haproxy")
        .contains("io.fabric8:kubernetes-model-core:jar:")
        .contains("dev.ingressc:ingressc-emitter-nginx:jar:");
  }

  @Test
  void theIrWithAnyDependencyFailsTheBuild() throws Exception {
    copyPoms();
    addDependencies("compiler/ir/pom.xml", dependency("io.github.java-diff-utils", "java-diff-utils"));
    Run run = maven("-pl", "compiler/ir");
    assertThat(run.exit()).as(run.output()).isNotZero();
    assertThat(run.output())
        .contains("enforce (no-dependencies) on project ingressc-ir")
        .contains("io.github.java-diff-utils:java-diff-utils:jar:");
  }

  @Test
  void theUnchangedPomsPass() throws Exception {
    copyPoms();
    Run run = maven("-pl", "emitters/haproxy,compiler/ir", "-am");
    assertThat(run.exit()).as(run.output()).isZero();
  }

  private record Run(int exit, String output) {}

  private void copyPoms() throws IOException {
    Path root = Path.of(System.getProperty("ingressc.repo.root"));
    try (Stream<Path> files = Files.walk(root)) {
      for (Path pom : files.map(root::relativize).filter(ModuleBoundariesTest::isModulePom).toList()) {
        Path to = copy.resolve(pom.toString());
        Files.createDirectories(to.getParent());
        Files.copy(root.resolve(pom), to);
      }
    }
  }

  /** A module's pom, not one a build copied into its output (target/classes/META-INF/maven). */
  private static boolean isModulePom(Path relative) {
    if (!relative.getFileName().toString().equals("pom.xml") || relative.startsWith(".git")) {
      return false;
    }
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      boolean theTargetApiModule = i == 1 && relative.getName(0).toString().equals("emitters");
      if (relative.getName(i).toString().equals("target") && !theTargetApiModule) {
        return false;
      }
    }
    return true;
  }

  private static String dependency(String group, String artifact) {
    return "<dependency><groupId>" + group + "</groupId><artifactId>" + artifact + "</artifactId></dependency>\n";
  }

  private void addDependencies(String pom, String... dependencies) throws IOException {
    Path p = copy.resolve(pom);
    String text = Files.readString(p);
    assertThat(text).contains("<dependencies>");
    Files.writeString(p, text.replaceFirst("<dependencies>", "<dependencies>\n" + String.join("", dependencies)));
  }

  /** Validate only: the rule runs there, and nothing is compiled or installed. */
  private Run maven(String... selection) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("mvn", "-B", "-ntp", "validate"));
    command.addAll(List.of(selection));
    Path log = copy.resolve("maven.log");
    Process p = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("maven finished").isTrue();
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
