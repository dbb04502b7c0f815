package dev.ingressc.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The event walk that finds a field's line inside one object must give the line the Jackson walk
 * over the whole document gives, for every field of every object in the repository's examples and
 * golden inputs, and for paths that are only partly present.
 */
class YamlLineWalkerTest {

  @Test
  void everyFieldOfEveryExampleObjectGetsTheLineTheDocumentWalkGives() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("examples", "golden")) {
      try (Stream<Path> s = Files.walk(repoRoot().resolve(dir))) {
        s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
      }
    }
    assertThat(files).hasSizeGreaterThan(10);
    int compared = 0;
    for (Path file : files) {
      LoadResult loaded = Loader.load(List.of(file.toString()), (java.io.InputStream) null);
      List<JsonNode> documents =
          new ObjectMapper(Loader.YAML).readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll();
      for (LoadedObject o : loaded.objects()) {
        ObjectSource source = o.source();
        if (source.column() <= 0) {
          continue;
        }
        List<String> paths = new ArrayList<>();
        JsonNode doc = documents.get(source.document().index());
        JsonNode node = source.prefix().isEmpty() ? doc
            : doc.at("/" + source.prefix().replace("[", "/").replace("]", "").replace(".", "/"));
        fieldPaths(node, "", paths);
        paths.add("spec.rules[99].host"); // absent element: the nearest present parent
        paths.add("metadata.nosuchfield.deeper");
        for (String field : paths) {
          String whole = source.prefix().isEmpty() ? field : source.prefix() + "." + field;
          assertThat(LineLocator.lineInObject(source, field))
              .as("%s %s %s", file, o.key().display(), field)
              .isEqualTo(LineLocator.lineOf(source.document(), whole));
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(500);
  }

  @Test
  void aWindowThatDoesNotStartWithAMappingOnItsFirstLineGivesNoLine() {
    String text = "- a\n- b\n";
    assertThat(YamlLineWalker.lineInWindow(new ObjectWindow(text, 0, 0), List.of("a"))).isZero();
    assertThat(YamlLineWalker.lineInWindow(new ObjectWindow("\nkind: X\n", 0, 0), List.of("kind")))
        .isZero();
    assertThat(YamlLineWalker.lineInWindow(new ObjectWindow("kind: [\n", 0, 0), List.of("kind", 3)))
        .isZero();
  }

  @Test
  void keysAreMatchedByValueWhateverTheirQuotingAndAliasesCountAsOneNode() {
    String text = "a: &x {p: 1}\n\"b\":\n  - *x\n  - q: 2\n    'r': 3\n";
    ObjectWindow w = new ObjectWindow(text, 0, 0);
    assertThat(YamlLineWalker.lineInWindow(w, List.of("b", 1, "r"))).isEqualTo(5);
  }

  @Test
  void fieldPathsKeepQuotedKeysWholeAndNeverThrow() {
    assertThat(LineLocator.FieldPath.parse("metadata.annotations[\"a[1]\u001b[31m\"].x"))
        .containsExactly("metadata", "annotations", "a[1]\u001b[31m", "x");
    assertThat(LineLocator.FieldPath.parse("spec.rules[2].host")).containsExactly("spec", "rules", 2, "host");
    assertThat(LineLocator.FieldPath.parse("a[\"7\"]")).containsExactly("a", "7");
    assertThat(LineLocator.FieldPath.parse("a[\u001b[31m")).containsExactly("a", "[\u001b[31m");
    assertThat(LineLocator.FieldPath.parse("a[]")).containsExactly("a", "");
    String text = "metadata:\n  annotations:\n    other: x\n    \"a[1]\": y\n";
    assertThat(YamlLineWalker.lineInWindow(new ObjectWindow(text, 0, 0),
        LineLocator.FieldPath.parse("metadata.annotations[\"a[1]\"]"))).isEqualTo(4);
  }

  private static void fieldPaths(JsonNode node, String at, List<String> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String name = e.getKey();
        String seg = name.matches("[A-Za-z0-9_-]+") ? name : "[\"" + name + "\"]";
        String next = at.isEmpty() ? seg : seg.startsWith("[") ? at + seg : at + "." + seg;
        out.add(next);
        fieldPaths(e.getValue(), next, out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String next = at + "[" + i + "]";
        out.add(next);
        fieldPaths(node.get(i), next, out);
      }
    }
  }

  private static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("golden"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new UncheckedIOException(new IOException("repository root not found"));
    }
    return p;
  }
}
