package dev.ingressc.cli;

import static dev.ingressc.testkit.e2e.PrintedTextInputs.FORGED_LINE;
import static dev.ingressc.testkit.e2e.PrintedTextInputs.PRINTED_BASE;
import static dev.ingressc.testkit.e2e.PrintedTextInputs.UNPRINTABLE;
import static dev.ingressc.testkit.e2e.PrintedTextInputs.assertPrintable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ingressc.testkit.e2e.PrintedTextInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15: every piece of user text that a command prints (names, namespaces, file names, annotation
 * keys and values, hosts, paths, Service names, class parameters, EndpointSlice fields) is shown
 * escaped. Each field of {@link PrintedTextInputs#printedFields()} is fed every character of {@link
 * PrintedTextInputs#UNPRINTABLE} and {@link PrintedTextInputs#FORGED_LINE}, and every command's stdout and
 * stderr, text and JSON, must hold none of them raw, and must show each of them as its escape.
 */
class PrintedTextEscapingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static Stream<Arguments> printedFields() {
    return PrintedTextInputs.printedFields();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("printedFields")
  void everyCommandPrintsTheFieldEscaped(String field, BiFunction<Integer, String, String> objects) throws IOException {
    List<String> values = PrintedTextInputs.unprintableValues();
    StringBuilder yaml = new StringBuilder(PRINTED_BASE);
    for (int i = 0; i < values.size(); i++) {
      yaml.append(objects.apply(i, values.get(i)));
    }
    Path file = Files.writeString(dir.resolve("in.yaml"), yaml);
    String printed = runEveryCommand(file.toString());
    for (String c : UNPRINTABLE) {
      assertThat(printed).as("%s: U+%04X is shown as its escape", field, (int) c.charAt(0)).contains(escapeOf(c));
    }
  }

  @Test
  void fileNamesArePrintedEscaped() throws IOException {
    List<String> names = new ArrayList<>();
    UNPRINTABLE.stream().filter(c -> !c.equals("\u0000")) // no file system allows NUL in a name
        .forEach(c -> names.add("f" + c + ".yaml"));
    names.add(FORGED_LINE + ".yaml");
    for (int i = 0; i < names.size(); i++) {
      // An upper-case host: an error that names the file and line.
      Files.writeString(dir.resolve(names.get(i)), """
          apiVersion: networking.k8s.io/v1
          kind: Ingress
          metadata: {name: bad-%d, namespace: default}
          spec:
            rules: [{host: Bad.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
          """.formatted(i));
    }
    String printed = runEveryCommand(dir.toString());
    UNPRINTABLE.stream().filter(c -> !c.equals("\u0000"))
        .forEach(c -> assertThat(printed).contains("f" + escapeOf(c) + ".yaml"));
    String missing = dir.resolve("missing" + FORGED_LINE + "\u202e.yaml").toString();
    CliRunner r = CliRunner.run("validate", "-f", missing);
    assertPrintable("validate of a missing file", r.out() + r.err());
    assertThat(r.out() + r.err()).contains("missingx\\u000aerror: forged line\\u001b[31m\\u202e.yaml");
  }

  @Test
  void aForgedLineStaysOneLineInTextAndTheRawValueInJson() throws Exception {
    String yaml = PRINTED_BASE + """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: %s, namespace: default}
        spec:
          rules: [{host: x.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
        """.formatted(JSON.writeValueAsString(FORGED_LINE));
    Path file = Files.writeString(dir.resolve("in.yaml"), yaml);
    CliRunner text = CliRunner.run("validate", "-f", file.toString());
    assertPrintable("validate", text.out());
    assertThat(text.out().lines().filter(l -> l.contains("forged line")))
        .allMatch(l -> l.startsWith("error: Ingress default/x\\u000aerror: forged line\\u001b[31m ("))
        .anyMatch(l -> l.contains("metadata.name: \"x\\u000aerror: forged line\\u001b[31m\" is not a valid"));

    CliRunner json = CliRunner.run("validate", "-f", file.toString(), "-o", "json");
    assertPrintable("validate -o json", json.out());
    JsonNode diagnostics = JSON.readTree(json.out()).path("diagnostics");
    // JSON carries the exact object name (a parser gets the raw value back); the message is the escaped text.
    assertThat(StreamSupport.stream(diagnostics.spliterator(), false).map(d -> d.path("object").asText()))
        .contains("Ingress default/" + FORGED_LINE);
    assertThat(StreamSupport.stream(diagnostics.spliterator(), false).map(d -> d.path("message").asText()))
        .anyMatch(m -> m.startsWith("\"x\\u000aerror: forged line\\u001b[31m\" is not a valid"));
  }

  @Test
  void routeArgumentsAndExplanationsArePrintedEscaped() throws IOException {
    Path file = Files.writeString(dir.resolve("in.yaml"), PRINTED_BASE);
    StringBuilder printed = new StringBuilder();
    for (String v : PrintedTextInputs.unprintableValues()) {
      for (String output : List.of("text", "json")) {
        CliRunner r = CliRunner.run("route", "-f", file.toString(), "--host", "good.example.com" + v, "--path", "/" + v,
            "--sni", "s" + v, "-o", output);
        assertPrintable("route -o " + output, r.out() + r.err());
        printed.append(r.out()).append(r.err());
      }
    }
    UNPRINTABLE.forEach(c -> assertThat(printed).contains(escapeOf(c)));
  }

  /** Runs every command that prints user text, checks each output, and returns them all. */
  private String runEveryCommand(String input) throws IOException {
    Path out = Files.createDirectories(dir.resolve("out"));
    List<String[]> commands = List.of(
        new String[] {"validate", "-f", input},
        new String[] {"validate", "-f", input, "-o", "json"},
        new String[] {"describe", "-f", input},
        new String[] {"describe", "-f", input, "--output", "json"},
        new String[] {"describe", "-f", input, "--merged"},
        new String[] {"route", "-f", input, "--host", "good.example.com", "--path", "/"},
        new String[] {"route", "-f", input, "--host", "good.example.com", "--path", "/", "-o", "json"},
        new String[] {"compile", "-f", input, "--target", "nginx", "-o", out.toString()});
    StringBuilder all = new StringBuilder();
    for (String[] command : commands) {
      CliRunner r = CliRunner.run(command);
      String what = String.join(" ", command);
      assertThat(r.exitCode()).as("%s: %s", what, r.err()).isLessThan(ExitCodes.UNUSABLE);
      assertPrintable(what + " (stdout)", r.out());
      assertPrintable(what + " (stderr)", r.err());
      if (command[command.length - 1].equals("json") && !command[0].equals("describe")) {
        JSON.readTree(r.out()); // still valid JSON
      }
      all.append(r.out()).append(r.err());
    }
    return all.toString();
  }

  /** How the README says a character is shown: backslash, u, four lowercase hex digits. */
  private static String escapeOf(String c) {
    return String.format("\\u%04x", (int) c.charAt(0));
  }
}
