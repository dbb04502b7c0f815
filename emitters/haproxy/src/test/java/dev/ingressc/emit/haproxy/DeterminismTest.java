package dev.ingressc.emit.haproxy;

import dev.ingressc.testkit.golden.GoldenFiles;
import java.io.IOException;
import java.nio.file.Path;
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
    GoldenFiles.assertShuffledInputGivesIdenticalFiles(new HaproxyEmitter(), caseDir);
  }
}
