package dev.ingressc.emit.nginx;

import dev.ingressc.testkit.golden.GoldenFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code golden/<case>/nginx/} equals what the emitter writes, and {@code golden/<case>/nginx-lua/}
 * what it writes with {@code --format lua}; see {@link GoldenFiles}.
 */
class GoldenFilesTest {

  static Stream<Path> cases() throws IOException {
    return GoldenFiles.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void outputEqualsTheGoldenFiles(Path caseDir) throws IOException {
    GoldenFiles.assertMatches(new NginxEmitter(), caseDir);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void luaOutputEqualsTheGoldenFiles(Path caseDir) throws IOException {
    GoldenFiles.assertMatches(new NginxEmitter(NginxFormat.LUA), caseDir, "nginx-lua");
  }
}
