package dev.ingressc.emit.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.Compiler;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.EmittedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code golden/<case>/nginx/} must equal, byte for byte, what the emitter writes for
 * {@code golden/<case>/input/}. {@code -Dgolden.update=true} rewrites them; every rewrite is
 * reviewed by eye before it is committed.
 */
class GoldenFilesTest {

  static Stream<Path> cases() throws IOException {
    return GoldenFiles.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void outputEqualsTheGoldenFiles(Path caseDir) throws IOException {
    Compiler.Compilation c = GoldenFiles.compile(caseDir);
    List<String> errors = c.diagnostics().list().stream().filter(d -> d.severity() == Severity.ERROR)
        .map(Diagnostic::format).toList();
    assertThat(errors).as("golden inputs compile cleanly").isEmpty();
    EmittedFiles files = GoldenFiles.emit(c);
    Path expected = caseDir.resolve("nginx");
    if (Boolean.getBoolean("golden.update")) {
      deleteRecursively(expected);
      files.writeTo(expected);
    }
    assertThat(Files.isDirectory(expected)).as("%s exists (run with -Dgolden.update=true once)", expected).isTrue();
    List<String> want;
    try (Stream<Path> walk = Files.walk(expected)) {
      want = walk.filter(Files::isRegularFile).map(p -> expected.relativize(p).toString()).sorted().toList();
    }
    assertThat(files.files().stream().map(EmittedFile::path).toList()).as("files of %s", caseDir).isEqualTo(want);
    for (EmittedFile f : files.files()) {
      byte[] golden = Files.readAllBytes(expected.resolve(f.path()));
      if (f.secret()) {
        // Never show key material, even in a failure.
        assertThat(Arrays.equals(golden, f.content())).as("%s differs (content not shown: it is a key)", f.path())
            .isTrue();
      } else {
        assertThat(f.text()).as("%s/%s", caseDir.getFileName(), f.path()).isEqualTo(new String(golden,
            java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
