package dev.ingressc.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cached load parses only what changed, and always equals a full load of the same files. */
class ParsedFilesTest {
  @TempDir
  Path dir;

  private static String service(String name, int port) {
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: %s, namespace: default}
        spec: {ports: [{port: %d}]}
        """.formatted(name, port);
  }

  private LoadResult cached(ParsedFiles cache) {
    return Loader.load(List.of(dir.toString()), cache);
  }

  private LoadResult full() {
    return Loader.load(List.of(dir.toString()), InputStream.nullInputStream());
  }

  private static List<String> described(LoadResult r) {
    return r.objects().stream().map(o -> o.key().display() + " " + o.typed() + " " + o.source().file()).toList();
  }

  private static List<String> problems(LoadResult r) {
    return r.diagnostics().list().stream().map(Diagnostic::format).toList();
  }

  private void assertSameAsFullLoad(LoadResult r) {
    LoadResult full = full();
    assertThat(described(r)).isEqualTo(described(full));
    assertThat(problems(r)).isEqualTo(problems(full));
  }

  @Test
  void parsesOnlyChangedFilesAndMatchesAFullLoad() throws IOException {
    Files.writeString(dir.resolve("a.yaml"), service("a", 80));
    Files.writeString(dir.resolve("b.yaml"), service("b", 80));
    ParsedFiles cache = new ParsedFiles();

    assertSameAsFullLoad(cached(cache));
    assertThat(cache.parses()).isEqualTo(2);

    LoadResult again = cached(cache);
    assertThat(cache.parses()).as("nothing changed").isEqualTo(2);
    assertSameAsFullLoad(again);

    // Same size, different content: the modification time tells.
    Files.writeString(dir.resolve("b.yaml"), service("b", 81));
    LoadResult changed = cached(cache);
    assertThat(cache.parses()).isEqualTo(3);
    assertSameAsFullLoad(changed);
    assertThat(described(changed)).anyMatch(d -> d.contains("port=81"));
  }

  @Test
  void aReplacedFileIsParsedAgainEvenWithTheSameSizeAndTime() throws IOException {
    Path b = dir.resolve("b.yaml");
    Files.writeString(b, service("b", 80));
    ParsedFiles cache = new ParsedFiles();
    cached(cache);
    // An atomic replace (as editors and kubectl-like tools do) gets a new inode.
    Path tmp = dir.resolve("b.tmp");
    Files.writeString(tmp, service("b", 81));
    Files.setLastModifiedTime(tmp, Files.getLastModifiedTime(b));
    Files.move(tmp, b, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    LoadResult r = cached(cache);
    assertThat(cache.parses()).isEqualTo(2);
    assertThat(described(r)).anyMatch(d -> d.contains("port=81"));
  }

  @Test
  void deletedFilesAreDroppedAndForgotten() throws IOException {
    Files.writeString(dir.resolve("a.yaml"), service("a", 80));
    Files.writeString(dir.resolve("b.yaml"), service("b", 80));
    ParsedFiles cache = new ParsedFiles();
    cached(cache);
    Files.delete(dir.resolve("a.yaml"));

    LoadResult r = cached(cache);
    assertThat(LoaderTest.keys(r)).containsExactly("Service default/b");
    assertThat(cache.size()).isEqualTo(1);
    assertSameAsFullLoad(r);
  }

  @Test
  void aBrokenFileKeepsItsDiagnosticsFromTheCache() throws IOException {
    Files.writeString(dir.resolve("a.yaml"), service("a", 80));
    Files.writeString(dir.resolve("bad.yaml"), "kind: [unclosed\n");
    ParsedFiles cache = new ParsedFiles();
    LoadResult first = cached(cache);
    LoadResult second = cached(cache);

    assertThat(cache.parses()).isEqualTo(2);
    assertThat(problems(first)).isNotEmpty().isEqualTo(problems(second));
    assertSameAsFullLoad(second);
  }
}
