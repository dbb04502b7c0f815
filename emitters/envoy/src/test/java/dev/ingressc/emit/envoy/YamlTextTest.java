package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link YamlText} writes exactly what Jackson's YAML mapper writes for the same tree. */
class YamlTextTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  /** Characters of every class SnakeYAML treats apart: escapes, printable, not, surrogates, quotes. */
  private static final List<String> PIECES = List.of("a", "Z", "0", " ", "\"", "\\", "'", ":", "#", "-", "@", "&", "*",
      "\t", "\n", "\r", "\u0000", "\u0007", "\u001B", "\u001F", "\u007F", "\u0085", "\u0099", "\u00A0", "é", "\u2028",
      "\u2029", "\uFEFF", "\uFFFE", "\uD7FF", "\uE000", "€", "\uD83D\uDE00", "\uD800", "\uDC00", "yes", "no", "true",
      "null", "~", "1", "1.5", "0x1F", "{", "}", "[", "]", ",", "%", "!", "|", ">", "?");

  private static String jackson(JsonNode tree) throws Exception {
    return EnvoyJson.YAML.writeValueAsString(tree);
  }

  /** {@code s} with every character outside printable ASCII (but newline) as {@code <XXXX>}, for a readable report. */
  private static String visible(String s) {
    StringBuilder sb = new StringBuilder();
    s.chars().forEach(c -> sb.append(c == '\n' || c >= 0x20 && c < 0x7F ? String.valueOf((char) c)
        : String.format("<%04X>", c)));
    return sb.toString();
  }

  private static String random(Random r, int pieces) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      sb.append(PIECES.get(r.nextInt(PIECES.size())));
    }
    return sb.toString();
  }

  private static JsonNode tree(Random r, int depth) {
    int kind = depth == 0 ? 4 + r.nextInt(4) : r.nextInt(8);
    switch (kind) {
      case 0, 1 -> {
        ObjectNode o = F.objectNode();
        for (int i = r.nextInt(4); i > 0; i--) {
          o.set(r.nextBoolean() ? "key_" + i : random(r, 1 + r.nextInt(3)), tree(r, depth - 1));
        }
        return o;
      }
      case 2, 3 -> {
        ArrayNode a = F.arrayNode();
        for (int i = r.nextInt(4); i > 0; i--) {
          a.add(tree(r, depth - 1));
        }
        return a;
      }
      case 4 -> {
        return F.textNode(random(r, r.nextInt(6)));
      }
      case 5 -> {
        return F.numberNode(r.nextInt(1 << 20) - 1000);
      }
      case 6 -> {
        return r.nextBoolean() ? F.numberNode(r.nextLong()) : F.numberNode(r.nextInt(1000) / 8.0);
      }
      default -> {
        return r.nextBoolean() ? F.booleanNode(r.nextBoolean()) : F.nullNode();
      }
    }
  }

  @Test
  void randomTreesOfEveryKindOfCharacterAreWrittenAsJacksonWritesThem() throws Exception {
    Random r = new Random(19);
    for (int i = 0; i < 5000; i++) {
      ObjectNode root = F.objectNode();
      root.set("root", tree(r, 4));
      root.set(random(r, 2), tree(r, 3));
      String mine = YamlText.fromJson(root.toString());
      String theirs = jackson(root);
      assertThat(visible(mine)).as("tree %s", visible(root.toString())).isEqualTo(visible(theirs));
      assertThat(mine).isEqualTo(theirs);
    }
    for (JsonNode odd : List.of(F.objectNode(), F.arrayNode(), F.arrayNode().add(F.arrayNode().add(1).add("x")))) {
      assertThat(YamlText.fromJson(odd.toString())).as("%s", odd).isEqualTo(jackson(odd));
    }
  }

  @Test
  void everyGoldenEnvoyFileIsWhatJacksonWouldWrite() throws Exception {
    Path golden = Path.of(System.getProperty("user.dir")).resolve("../../golden").normalize();
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.walk(golden)) {
      List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml") && p.getParent().endsWith("envoy")).toList();
      assertThat(yamls).isNotEmpty();
      for (Path p : yamls) {
        JsonNode tree = json.readTree(EnvoyJson.toJson(Files.readString(p)));
        assertThat(YamlText.fromJson(tree.toString())).as("%s", p).isEqualTo(jackson(tree))
            .isEqualTo(Files.readString(p));
      }
    }
  }
}
