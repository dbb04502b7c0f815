package dev.ingressc.testkit.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.Emitter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Random;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The golden cases under {@code golden/}, shared by every target: {@code golden/<case>/input/*.yaml}
 * compiled with fixed options (see golden/README.md) must give, byte for byte,
 * {@code golden/<case>/<target>/}. {@code -Dgolden.update=true} rewrites them; every rewrite is
 * reviewed by eye before it is committed.
 */
public final class GoldenFiles {
  public static final Path ROOT = Path.of(System.getProperty("ingressc.repo.root", "../.."), "golden");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

  private GoldenFiles() {}

  public static Stream<Path> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(ROOT)) {
      return dirs.filter(d -> Files.isDirectory(d.resolve("input"))).sorted().toList().stream();
    }
  }

  /** The options every golden case is compiled with, for {@code target}. */
  public static EmitOptions emitOptions(String target) {
    return new EmitOptions(80, 443, Path.of("/etc/ingressc", target), Path.of("/run/ingressc"), Optional.empty());
  }

  public static Compiler.Compilation compile(Path caseDir) {
    return Compiler.compileFiles(inputs(caseDir).stream().map(Path::toString).toList(), InputStream.nullInputStream(),
        CompileOptions.defaults().withClock(CLOCK));
  }

  /** The case compiled for {@code emitter}'s target: an Ingress that needs what it lacks is rejected for it. */
  public static Compiler.Compilation compile(Path caseDir, Emitter emitter) {
    return Compiler.compileFiles(inputs(caseDir).stream().map(Path::toString).toList(), InputStream.nullInputStream(),
        CompileOptions.defaults().withClock(CLOCK).withTarget(profile(emitter)));
  }

  private static dev.ingressc.TargetProfile profile(Emitter emitter) {
    return new dev.ingressc.TargetProfile(emitter.target(), emitter.lacks(Optional.empty()));
  }

  private static List<Path> inputs(Path caseDir) {
    try (Stream<Path> files = Files.list(caseDir.resolve("input"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts that {@code emitter}'s output for the case equals {@code golden/<case>/<target>/}. */
  public static void assertMatches(Emitter emitter, Path caseDir) throws IOException {
    assertMatches(emitter, caseDir, emitter.target());
  }

  /**
   * Asserts that {@code emitter}'s output equals {@code golden/<case>/<dir>/}: {@code dir} names a
   * variant of the target (e.g. {@code nginx-lua}, the nginx target's lua format).
   */
  public static void assertMatches(Emitter emitter, Path caseDir, String dir) throws IOException {
    Compiler.Compilation c = compile(caseDir, emitter);
    // Clean, but for the Ingresses this target rejects because it lacks what they need (SEMANTICS.md,
    // What a target lacks): their output shows them absent.
    java.util.Set<String> lacking = c.diagnostics().list().stream()
        .filter(d -> dev.ingressc.annotations.AnnotationAccounting.TARGET_LACKS.equals(d.code()))
        .map(Diagnostic::object).collect(java.util.stream.Collectors.toSet());
    List<String> errors = c.diagnostics().list().stream().filter(d -> d.severity() == Severity.ERROR)
        .filter(d -> !lacking.contains(d.object())).map(Diagnostic::format).toList();
    assertThat(errors).as("golden inputs compile cleanly").isEmpty();
    EmittedFiles files = emitter.emit(c.ir(), c.endpoints(), emitOptions(emitter.target()));
    Path expected = caseDir.resolve(dir);
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
        assertThat(f.text()).as("%s/%s", caseDir.getFileName(), f.path())
            .isEqualTo(new String(golden, StandardCharsets.UTF_8));
      }
    }
  }

  /** Asserts that the case's documents in any order give byte-identical files. */
  public static void assertShuffledInputGivesIdenticalFiles(Emitter emitter, Path caseDir) throws IOException {
    List<String> documents = new ArrayList<>();
    for (Path input : inputs(caseDir)) {
      Arrays.stream(Files.readString(input).split("(?m)^---\\s*$")).filter(d -> !d.isBlank()).forEach(documents::add);
    }
    EmittedFiles reference = emitShuffled(emitter, documents);
    assertThat(reference.files()).isNotEmpty();
    for (long seed = 1; seed <= 5; seed++) {
      List<String> shuffled = new ArrayList<>(documents);
      Collections.shuffle(shuffled, new Random(seed));
      EmittedFiles again = emitShuffled(emitter, shuffled);
      assertThat(again.files().stream().map(EmittedFile::path).toList())
          .isEqualTo(reference.files().stream().map(EmittedFile::path).toList());
      for (EmittedFile f : reference.files()) {
        assertThat(Arrays.equals(again.file(f.path()).orElseThrow().content(), f.content()))
            .as("%s with seed %d", f.path(), seed).isTrue();
      }
    }
  }

  private static EmittedFiles emitShuffled(Emitter emitter, List<String> documents) {
    Compiler.Compilation c = Compiler.compileText("shuffled.yaml", String.join("\n---\n", documents),
        CompileOptions.defaults().withClock(CLOCK).withTarget(profile(emitter)));
    return emitter.emit(c.ir(), c.endpoints(), emitOptions(emitter.target()));
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
