package dev.ingressc.emit.nginx;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The golden cases under {@code golden/} and the fixed options they are compiled with (see golden/README.md). */
final class GoldenFiles {
  static final Path ROOT = Path.of(System.getProperty("ingressc.repo.root", "../.."), "golden");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
  static final EmitOptions OPTIONS = new EmitOptions(80, 443, Path.of("/etc/ingressc/nginx"), Path.of("/run/ingressc"),
      Optional.empty());

  private GoldenFiles() {}

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(ROOT)) {
      return dirs.filter(d -> Files.isDirectory(d.resolve("input"))).sorted().toList().stream();
    }
  }

  static List<Path> inputs(Path caseDir) {
    try (Stream<Path> files = Files.list(caseDir.resolve("input"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CompileOptions compileOptions() {
    return CompileOptions.defaults().withClock(CLOCK);
  }

  static Compiler.Compilation compile(Path caseDir) {
    return Compiler.compileFiles(inputs(caseDir).stream().map(Path::toString).toList(), InputStream.nullInputStream(),
        compileOptions());
  }

  static EmittedFiles emit(Compiler.Compilation c) {
    return new NginxEmitter().emit(c.ir(), OPTIONS);
  }
}
