package dev.ingressc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.emit.Emitters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ingressc compile --check} is the CI use of the golden files, for every real target. */
class GoldenCheckTest {
  static final Path GOLDEN = Path.of(System.getProperty("ingressc.repo.root", ".."), "golden");

  static Stream<Arguments> targetsAndCases() throws IOException {
    List<Arguments> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(GOLDEN)) {
      for (Path c : dirs.filter(d -> Files.isDirectory(d.resolve("input"))).sorted().toList()) {
        for (String target : Emitters.available().keySet()) {
          if (Files.isDirectory(c.resolve(target))) {
            out.add(Arguments.of(target, c));
          }
        }
      }
    }
    assertThat(out).extracting(a -> a.get()[0]).contains("nginx", "haproxy", "envoy");
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("targetsAndCases")
  void checkPassesOnTheGoldenFilesAndFailsWithADiffOnAChange(String target, Path caseDir, @TempDir Path tmp)
      throws IOException {
    String[] args = {"compile", "-t", target, "-f", caseDir.resolve("input").toString(), "--runtime-dir",
        "/run/ingressc", "--config-dir", "/etc/ingressc/" + target, "--check", caseDir.resolve(target).toString()};
    CliRunner same = CliRunner.run(args);
    // Exit 1 only for Ingresses this target rejects because it lacks what they need (SEMANTICS.md,
    // What a target lacks); the files still match.
    // Those errors name the target and what it cannot do (an Ingress rejected, or credentials refused).
    java.util.List<String> errors = same.err().lines().filter(l -> l.startsWith("error:")).toList();
    boolean lacking = errors.stream().anyMatch(l -> l.contains(" cannot do ")) && errors.stream().allMatch(l ->
        l.contains(": the target ") && l.contains(" cannot do ") || l.contains("the Ingress is rejected whole"));
    assertThat(same.exitCode()).as(same.out() + same.err()).isEqualTo(lacking ? 1 : 0);
    assertThat(same.err()).contains("is up to date");
    assertThat(same.out()).isEmpty();

    Path copy = tmp.resolve(target);
    copyTree(caseDir.resolve(target), copy);
    Path config = copy.resolve(switch (target) {
      case "nginx" -> "nginx.conf";
      case "haproxy" -> "haproxy.cfg";
      default -> "envoy.yaml";
    });
    Files.writeString(config, Files.readString(config).replaceFirst("\n", "\n# edited by hand\n"));
    args[args.length - 1] = copy.toString();
    CliRunner changed = CliRunner.run(args);
    assertThat(changed.exitCode()).isEqualTo(1);
    assertThat(changed.out()).contains("-# edited by hand", "--- a/" + config.getFileName());
  }

  static Stream<Path> luaCases() throws IOException {
    try (Stream<Path> dirs = Files.list(GOLDEN)) {
      List<Path> cases = dirs.filter(d -> Files.isDirectory(d.resolve("nginx-lua"))).sorted().toList();
      assertThat(cases).isNotEmpty();
      return cases.stream();
    }
  }

  /** {@code golden/<case>/nginx-lua/} is the nginx target's {@code --format lua}. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("luaCases")
  void theLuaFormatChecksAgainstItsOwnGoldenFiles(Path caseDir) {
    CliRunner same = CliRunner.run("compile", "-t", "nginx", "--format", "lua", "-f", caseDir.resolve("input").toString(),
        "--runtime-dir", "/run/ingressc", "--config-dir", "/etc/ingressc/nginx", "--check",
        caseDir.resolve("nginx-lua").toString());
    assertThat(same.exitCode()).as(same.out() + same.err()).isZero();
    CliRunner nativeFormat = CliRunner.run("compile", "-t", "nginx", "-f", caseDir.resolve("input").toString(),
        "--runtime-dir", "/run/ingressc", "--config-dir", "/etc/ingressc/nginx", "--check",
        caseDir.resolve("nginx-lua").toString());
    assertThat(nativeFormat.exitCode()).as("the native format differs from the lua golden files").isEqualTo(1);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
