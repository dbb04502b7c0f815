package dev.ingressc.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.ScannerImpl;
import org.yaml.snakeyaml.tokens.ScalarToken;
import org.yaml.snakeyaml.tokens.Token;

/**
 * LinearStreamReader must scan exactly as SnakeYAML's StreamReader does: the same tokens, values,
 * lines, columns and indexes, and the same errors. Each input is scanned through both.
 */
class LinearStreamReaderTest {
  private static final String LONG = "x".repeat(5_000); // several of the readers' 1,023-char reads

  @Test
  void sameTokensAsSnakeYaml() {
    List<String> inputs = List.of(
        "a: b\nc: [1, 2]\n",
        "k: " + LONG + "\n",
        "k: \"" + LONG + "\"\nnext: 1\n",
        "k: '" + LONG + "'\n",
        "k: |\n  " + LONG + "\n  " + LONG + "\n",
        "k: \"" + "é€😀".repeat(2_000) + "\"\n", // 2- and 3-byte UTF-8 and surrogate pairs, across reads
        "a: 1\r\nb: 2\rc: 3\u2028d: 4\u0085e: 5\n",
        "\uFEFFa: 1\n",
        "k: " + "ab ".repeat(3_000) + "\n");
    for (String yaml : inputs) {
      assertThat(scan(new LinearStreamReader(new StringReader(yaml))))
          .as("%.60s", yaml).isEqualTo(scan(new StreamReader(new StringReader(yaml))));
    }
  }

  @Test
  void sameErrorForACharacterYamlDoesNotAllow() {
    for (String yaml : List.of("a: b\u0001c\n", "k: " + LONG + "\u0007\n")) {
      List<String> linear = scan(new LinearStreamReader(new StringReader(yaml)));
      assertThat(linear.get(linear.size() - 1)).startsWith("error: ").contains("special characters are not allowed");
      assertThat(linear).isEqualTo(scan(new StreamReader(new StringReader(yaml))));
    }
  }

  /** Each token with its value and both marks; a failure ends the list with its message. */
  private static List<String> scan(StreamReader reader) {
    List<String> out = new ArrayList<>();
    try {
      ScannerImpl scanner = new ScannerImpl(reader, new LoaderOptions());
      while (scanner.checkToken()) {
        Token t = scanner.getToken();
        String value = t instanceof ScalarToken s ? s.getValue() : "";
        out.add(t.getTokenId() + " " + value.hashCode() + "/" + value.length() + " " + mark(t.getStartMark())
            + " " + mark(t.getEndMark()));
      }
    } catch (RuntimeException e) {
      out.add("error: " + e.getMessage());
    }
    return out;
  }

  private static String mark(org.yaml.snakeyaml.error.Mark m) {
    return m.getLine() + ":" + m.getColumn() + "@" + m.getIndex();
  }
}
