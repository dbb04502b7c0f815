package dev.ingressc.emit.envoy;

import dev.ingressc.testkit.golden.GoldenFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code golden/<case>/envoy/} equals what the emitter writes; see {@link GoldenFiles}. */
class GoldenFilesTest {

  static Stream<Path> cases() throws IOException {
    return GoldenFiles.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void outputEqualsTheGoldenFiles(Path caseDir) throws IOException {
    GoldenFiles.assertMatches(new EnvoyEmitter(), caseDir);
  }
}
