package dev.ingressc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.FlagValue;
import dev.ingressc.SecretRef;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CLI parses --default-backend and --default-certificate; the compiler takes typed values. */
class FlagParsersTest {
  static final String RULES = Manifests.ingress("rules").rule("foo.com").path("/app", "Prefix", "app", 80).yaml();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ops/backstop:8080 | ops | backstop | 8080 | ''",
      "ops/backstop:http | ops | backstop | 0    | http",
      "a/b:1             | a   | b        | 1    | ''",
      "a/b:65535         | a   | b        | 65535| ''"})
  void aDefaultBackendIsAServicePort(String spec, String ns, String service, int number, String name) {
    assertThat(FlagParsers.defaultBackend(spec))
        .isEqualTo(FlagValue.of(new BackendRef.ServicePort(ns, service, number, name)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ghost           | \"ghost\" is not NAMESPACE/SERVICE:PORT",
      "ops/ghost       | \"ops/ghost\" is not NAMESPACE/SERVICE:PORT",
      "ops:80          | \"ops:80\" is not NAMESPACE/SERVICE:PORT",
      "ops/ghost:99999 | 99999 is not a port number",
      "ops/ghost:0     | 0 is not a port number"})
  void aMalformedDefaultBackendCarriesItsProblem(String spec, String problem) {
    assertThat(FlagParsers.defaultBackend(spec)).isEqualTo(FlagValue.invalid(problem));
  }

  @Test
  void aDefaultBackendWithABadNameCarriesTheNamesProblem() {
    assertThat(FlagParsers.defaultBackend("Ops/ghost:80").problem()).startsWith("\"Ops\" is not a valid RFC 1123 label");
    assertThat(FlagParsers.defaultBackend("ops/9ghost:80").problem()).startsWith("\"9ghost\" is not a valid Service name");
    assertThat(FlagParsers.defaultBackend("ops/ghost:Http").problem()).startsWith("\"Http\" is not a valid port name");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ops/fallback   | ops | fallback   | ''",
      "ops/a.b-c      | ops | a.b-c      | ''",
      "fallback       | ''  | ''         | \"fallback\" is not NAMESPACE/SECRET"})
  void aDefaultCertificateIsASecret(String spec, String ns, String name, String problem) {
    FlagValue<SecretRef> parsed = FlagParsers.defaultCertificate(spec);
    assertThat(parsed).isEqualTo(problem.isEmpty() ? FlagValue.of(new SecretRef(ns, name)) : FlagValue.invalid(problem));
  }

  @Test
  void aMalformedDefaultCertificateIsReportedAndUnknownSniRefused() {
    Compiled c = Compiled.of(Manifests.join(RULES, Manifests.service("app", 80)),
        CompileOptions.defaults().withDefaultCertificate(FlagParsers.defaultCertificate("Ops/fallback")));
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::field)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Severity.ERROR, "--default-certificate"));
    assertThat(c.diagnostics().get(0).message()).endsWith("; unknown SNI will be refused");
    assertThat(c.ir().defaultCertificate()).isEqualTo(Optional.empty());
  }

  /** Moved from the compiler's DefaultBackendTest with the parsing: the same assertions, through the CLI's parser. */
  @Test
  void malformedControllerDefaultBackend() {
    for (String spec : new String[] {"ghost", "ops/ghost", "ops:80"}) {
      Compiled c = Compiled.of(Manifests.join(RULES, Manifests.service("app", 80)),
          CompileOptions.defaults().withDefaultBackend(FlagParsers.defaultBackend(spec)));
      assertThat(c.diagnostics()).as(spec).containsExactly(new Diagnostic(Severity.ERROR, "", "", 0, "--default-backend",
          "\"" + spec + "\" is not NAMESPACE/SERVICE:PORT; no controller default backend is used"));
      assertThat(c.route("bar.com", "/").status()).isEqualTo(404);
    }
    Compiled badPort = Compiled.of(Manifests.join(RULES, Manifests.service("app", 80)),
        CompileOptions.defaults().withDefaultBackend(FlagParsers.defaultBackend("ops/ghost:99999")));
    assertThat(badPort.diagnostics()).extracting(Diagnostic::message)
        .containsExactly("99999 is not a port number; no controller default backend is used");
    Compiled badName = Compiled.of(Manifests.join(RULES, Manifests.service("app", 80)),
        CompileOptions.defaults().withDefaultBackend(FlagParsers.defaultBackend("Ops/ghost:80")));
    assertThat(badName.diagnostics()).extracting(Diagnostic::severity).containsExactly(Severity.ERROR);
  }

  /** One compile and its oracle (the compiler's own test helper is not shared outside its module). */
  private record Compiled(dev.ingressc.Compiler.Compilation compilation) {
    static Compiled of(String yaml, CompileOptions options) {
      return new Compiled(dev.ingressc.Compiler.compileText("test.yaml", yaml, options));
    }

    java.util.List<Diagnostic> diagnostics() {
      return compilation.diagnostics().list();
    }

    dev.ingressc.ir.IngressIR ir() {
      return compilation.ir();
    }

    dev.ingressc.route.RouteAnswer route(String host, String path) {
      return new dev.ingressc.route.RouteOracle(ir()).route(dev.ingressc.route.RouteRequest.http(host, path));
    }
  }
}
