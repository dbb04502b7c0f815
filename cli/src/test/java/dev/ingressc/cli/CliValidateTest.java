package dev.ingressc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The validate, describe and compile commands, their exit codes and JSON diagnostics, and every command's help and version. */
class CliValidateTest extends CliFixture {
  @Test
  void validateCleanInputExitsZeroWithSummary() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    CliRunner r = CliRunner.run("validate", "-f", f.toString());
    // service2 has no ready endpoint and the fallback Service is missing: warnings, not errors.
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("1 Ingress(es) compiled, 0 error(s), 2 warning(s)");
    assertThat(r.out()).contains("warning: Ingress shop/fanout (" + f + ":9) spec.defaultBackend: Service shop/fallback does not exist");
  }

  @Test
  void strictTurnsWarningsIntoExitOne() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    assertThat(CliRunner.run("validate", "--strict", "-f", f.toString()).exitCode()).isEqualTo(1);
  }

  @Test
  void rejectedObjectGivesExitOneAndNamesFileLineAndField() throws Exception {
    Path bad = write("a/bad.yaml", BAD_PATH);
    write("b/fanout.yaml", FANOUT);
    CliRunner r = CliRunner.run("validate", "-f", tmp.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("error: Ingress shop/bad (" + bad + ":9) spec.rules[0].http.paths[0].path: \"/x;y\" contains ';'");
    // The other Ingress is still compiled.
    assertThat(r.out()).contains("1 Ingress(es) compiled, 2 error(s)");
  }

  @Test
  void unreadableInputExitsTwo() {
    CliRunner r = CliRunner.run("validate", "-f", tmp.resolve("nope.yaml").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).contains("no such file or directory");
  }

  @Test
  void unknownOptionExitsTwo() {
    assertThat(CliRunner.run("validate", "--no-such-flag").exitCode()).isEqualTo(2);
  }

  @Test
  void validateJsonIsMachineReadable() throws Exception {
    Path f = write("bad.yaml", BAD_PATH);
    CliRunner r = CliRunner.run("validate", "-f", f.toString(), "--output", "json");
    JsonNode root = JSON.readTree(r.out());
    assertThat(root.get("errors").asInt()).isEqualTo(2);
    JsonNode first = root.get("diagnostics").get(0);
    assertThat(first.get("severity").asText()).isEqualTo("error");
    assertThat(first.get("object").asText()).isEqualTo("Ingress shop/bad");
    assertThat(first.get("file").asText()).isEqualTo(f.toString());
    JsonNode pathProblem = root.get("diagnostics").get(1);
    assertThat(pathProblem.get("line").asInt()).isEqualTo(9);
    assertThat(pathProblem.get("field").asText()).isEqualTo("spec.rules[0].http.paths[0].path");
  }

  @Test
  void compileAndDescribePrintDiagnosticsAsJsonOnStderr() throws Exception {
    Path f = write("bad.yaml", BAD_PATH);
    CliRunner compiled = CliRunner.run("compile", "-t", "routelist", "-f", f.toString(), "-o",
        tmp.resolve("out").toString(), "--output", "json");
    assertThat(compiled.exitCode()).isEqualTo(1);
    assertThat(JSON.readTree(compiled.err().substring(0, compiled.err().lastIndexOf('}') + 1)).get("errors").asInt())
        .isEqualTo(2);
    CliRunner described = CliRunner.run("describe", "-f", f.toString(), "--output", "json");
    assertThat(JSON.readTree(described.err()).get("diagnostics").get(1).get("field").asText())
        .isEqualTo("spec.rules[0].http.paths[0].path");
  }

  @Test
  void describeLooksLikeKubectlWithResolvedEndpoints() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    String out = CliRunner.run("describe", "-f", f.toString(), "fanout").out();
    assertThat(out).contains("Name:             fanout");
    assertThat(out).contains("Namespace:        shop");
    assertThat(out).containsPattern("Host\\s+Path\\s+Backends");
    assertThat(out).containsPattern("/foo \\(Prefix\\)\\s+service1:http \\(10.1.0.1:8080\\)");
    // Each annotation with what became of it (a key ingressc gives no meaning to).
    assertThat(out).contains("Annotations:\n  team: web\n    -> unknown, no effect");
  }

  @Test
  void describeMergedListsRoutesInPrecedenceOrder() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    String out = CliRunner.run("describe", "-f", f.toString(), "--merged").out();
    assertThat(out).contains("Virtual host: foo.bar.com (exact)");
    assertThat(out).containsPattern("1\\s+Exact\\s+/foo/exact");
    assertThat(out).containsPattern("2\\s+Prefix\\s+/foo\\s");
    assertThat(out).contains("Default backend: shop/fallback:80");
  }

  @Test
  void compileUnknownTargetExitsTwo() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    CliRunner r = CliRunner.run("compile", "--target", "lighttpd", "-f", f.toString(), "-o", tmp.resolve("out").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown target 'lighttpd'");
  }

  @Test
  void compileWritesAndCheckDetectsDifferences() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    Path out = tmp.resolve("out");
    assertThat(CliRunner.run("compile", "-t", "routelist", "-f", f.toString(), "-o", out.toString()).exitCode()).isZero();
    assertThat(Files.readString(out.resolve("routes.txt"))).contains("foo.bar.com PREFIX /foo -> shop/service1:80");

    CliRunner same = CliRunner.run("compile", "-t", "routelist", "-f", f.toString(), "--check", out.toString());
    assertThat(same.exitCode()).isZero();
    assertThat(same.out()).isEmpty();

    CliRunner changedPort = CliRunner.run("compile", "-t", "routelist", "-f", f.toString(), "--http-port", "8080",
        "--check", out.toString());
    assertThat(changedPort.exitCode()).isEqualTo(1);
    assertThat(changedPort.out()).contains("--- a/routes.txt", "+++ b/routes.txt", "-listen 80", "+listen 8080");

    Files.writeString(out.resolve("stale.txt"), "old");
    CliRunner extra = CliRunner.run("compile", "-t", "routelist", "-f", f.toString(), "--check", out.toString());
    assertThat(extra.exitCode()).isEqualTo(1);
    assertThat(extra.out()).contains("extra: stale.txt");
  }

  @Test
  void compileNeedsExactlyOneOfOutputDirAndCheck() throws Exception {
    Path f = write("fanout.yaml", FANOUT);
    assertThat(CliRunner.run("compile", "-t", "routelist", "-f", f.toString()).exitCode()).isEqualTo(2);
    assertThat(CliRunner.run("compile", "-t", "routelist", "-f", f.toString(), "-o", "x", "--check", "y").exitCode())
        .isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"validate", "describe", "route", "compile"})
  void everyCommandHasHelpWithExamples(String command) {
    CliRunner r = CliRunner.run(command, "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: ingressc " + command, "Examples:", "--filename", "--controller",
        "--ingress-class", "--default-backend", "--cluster-domain", "--strict");
  }

  @Test
  void versionIsPrinted() {
    CliRunner r = CliRunner.run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("ingressc ");
  }
}
