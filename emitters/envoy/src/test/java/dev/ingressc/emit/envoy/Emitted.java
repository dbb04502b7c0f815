package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One compile and Envoy emit, with the bootstrap parsed back strictly; a parse failure fails the
 * test that asked for it.
 */
record Emitted(IngressIR ir, EndpointTable endpoints, String diagnostics, EmittedFiles files, Bootstrap bootstrap, EnvoyJson.Format format,
    Path outputDir) {

  /** Absolute paths inside the files are under this directory, whatever the test's machine. */
  static final Path OUT = Path.of("/etc/ingressc");
  static final Path RUNTIME = Path.of("/run/ingressc");

  static Emitted of(String yaml, CompileOptions options, int httpPort, int httpsPort, EnvoyJson.Format format) {
    Compiler.Compilation c = Compiler.compileText("test.yaml", yaml, options);
    String diags = c.diagnostics().list().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    return emit(c.ir(), c.endpoints(), diags, httpPort, httpsPort, format);
  }

  static Emitted of(String yaml) {
    return of(yaml, CompileOptions.defaults(), 8080, 8443, EnvoyJson.Format.YAML);
  }

  static Emitted emit(IngressIR ir, EndpointTable endpoints, String diags, int httpPort, int httpsPort, EnvoyJson.Format format) {
    EmitOptions opts = new EmitOptions(httpPort, httpsPort, OUT, RUNTIME, Optional.of(format.extension()));
    EmittedFiles files = new EnvoyEmitter().emit(ir, endpoints, opts);
    String text = files.file(EnvoyEmitter.bootstrapFile(format)).orElseThrow().text();
    Bootstrap bootstrap;
    try {
      bootstrap = StrictParse.bootstrap(text);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("the emitted bootstrap does not parse strictly: " + e.getMessage() + "\n" + text, e);
    }
    // Envoy's validation rules, which the parse does not enforce, on the bootstrap and the route file.
    assertThat(PgvRules.violations(bootstrap)).as("validation rules broken by the bootstrap").isEmpty();
    files.file(StaticBootstrap.httpsRoutesFile(format)).ifPresent(routes -> {
      try {
        assertThat(PgvRules.violations(StrictParse.discoveryResponse(routes.text())))
            .as("validation rules broken by %s", routes.path()).isEmpty();
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError("the emitted route file does not parse strictly: " + e.getMessage(), e);
      }
    });
    return new Emitted(ir, endpoints, diags, files, bootstrap, format, OUT);
  }

  String text(String relative) {
    return files.file(relative).map(EmittedFile::text)
        .orElseThrow(() -> new AssertionError("not emitted: " + relative));
  }

  /** Reads a file the bootstrap names by absolute path; it must be one of the emitted files. */
  String readAbsolute(String absolute) {
    Path p = Path.of(absolute);
    assertThat(p.startsWith(outputDir)).as("%s is inside the output directory", absolute).isTrue();
    return text(outputDir.relativize(p).toString());
  }

  EnvoyInterpreter interpreter() {
    return new EnvoyInterpreter(bootstrap, this::readAbsolute);
  }
}
