package dev.ingressc.emit.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.Compiler;
import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.EmittedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same objects in any order give byte-identical files. */
class DeterminismTest {

  static Stream<Path> cases() throws IOException {
    return GoldenFiles.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shuffledDocumentsGiveIdenticalFiles(Path caseDir) throws IOException {
    List<String> documents = new ArrayList<>();
    for (Path input : GoldenFiles.inputs(caseDir)) {
      Arrays.stream(Files.readString(input).split("(?m)^---\\s*$")).filter(d -> !d.isBlank()).forEach(documents::add);
    }
    EmittedFiles reference = emit(documents);
    assertThat(reference.file("nginx.conf")).isPresent();
    for (long seed = 1; seed <= 5; seed++) {
      List<String> shuffled = new ArrayList<>(documents);
      Collections.shuffle(shuffled, new Random(seed));
      EmittedFiles again = emit(shuffled);
      assertThat(again.files().stream().map(EmittedFile::path).toList())
          .isEqualTo(reference.files().stream().map(EmittedFile::path).toList());
      for (EmittedFile f : reference.files()) {
        assertThat(Arrays.equals(again.file(f.path()).orElseThrow().content(), f.content()))
            .as("%s with seed %d", f.path(), seed).isTrue();
      }
    }
  }

  private static EmittedFiles emit(List<String> documents) {
    Compiler.Compilation c = Compiler.compileText("shuffled.yaml", String.join("\n---\n", documents),
        GoldenFiles.compileOptions());
    return GoldenFiles.emit(c);
  }
}
