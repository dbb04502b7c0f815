package dev.ingressc.cli;

import dev.ingressc.Compiler.Compilation;
import dev.ingressc.diag.UserText;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.Emitter;
import dev.ingressc.emit.Emitters;
import dev.ingressc.emit.OutputDiff;
import dev.ingressc.emit.envoy.DynamicBootstrap;
import dev.ingressc.emit.envoy.EnvoyEmitter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "compile", mixinStandardHelpOptions = true,
    description = "Compile the input into one proxy's configuration, or check it against a directory.",
    footer = {"", "With --check DIR nothing is written: the output is compared with DIR, and any difference is",
        "printed as a unified diff with exit code 1 (for CI against reviewed golden files).",
        "", "Examples:",
        "  ingressc compile --target nginx -f examples/ -o out/nginx",
        "  ingressc compile --target envoy --xds 127.0.0.1:18000 -o out/envoy   (Envoy's bootstrap for ingressc run)",
        "  ingressc compile --target nginx -f golden/fanout/input --runtime-dir /run/ingressc --check golden/fanout/nginx"})
final class CompileCommand implements Callable<Integer> {
  @Mixin InputOptions input;
  @Spec CommandSpec spec;

  @Option(names = {"-t", "--target"}, required = true, paramLabel = "TARGET",
      description = "The proxy to compile for: nginx, haproxy or envoy (those built into this jar).")
  String target;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Destination destination;

  static final class Destination {
    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", description = "Write the configuration here.")
    Path outputDir;

    @Option(names = "--check", paramLabel = "DIR", description = "Compare with DIR instead of writing; exit 1 on a difference.")
    Path checkDir;
  }

  @Mixin ListenPorts ports;

  @Option(names = "--runtime-dir", paramLabel = "DIR",
      description = "Where the proxy keeps pid files, logs, sockets and temp files (default: the output directory).")
  Path runtimeDir;

  @Option(names = "--config-dir", paramLabel = "DIR",
      description = "Where the proxy will read the files from, when not where they are written (a mounted"
          + " volume, or golden files); targets that must name their files by absolute path use it (default:"
          + " the output directory).")
  Path configDir;

  @Option(names = "--format", paramLabel = "FORMAT", description = "A target-specific output format (envoy: yaml or json; nginx: native, or lua for one Lua-balanced upstream, which needs nginx's Lua module).")
  String format;

  @Option(names = "--xds", paramLabel = "ADDRESS[:PORT]",
      description = "envoy only: write the dynamic bootstrap of an Envoy that takes its configuration over xDS"
          + " (ADS) from 'ingressc run --target envoy' at ADDRESS (port default: 18000); needs no -f.")
  String xds;

  @Option(names = "--output", defaultValue = "text", paramLabel = "FORMAT",
      description = "How diagnostics are printed on stderr: text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Override
  public Integer call() throws IOException {
    Map<String, Emitter> emitters = Emitters.available();
    Emitter emitter = emitters.get(target);
    if (emitter == null) {
      throw new ParameterException(spec.commandLine(), "unknown target '" + target + "'; this build has: "
          + (emitters.isEmpty() ? "none" : String.join(", ", emitters.keySet())));
    }
    ports.check(spec.commandLine());
    if (xds != null) {
      return writeXdsBootstrap();
    }
    Compilation c = input.compile(TargetProfiles.of(target, Optional.ofNullable(format)));
    PrintWriter err = spec.commandLine().getErr();
    DiagnosticsPrinter.print(c.diagnostics(), output, err);
    if (c.unreadable()) {
      return ExitCodes.UNUSABLE;
    }
    Path dir = destinationDir();
    EmittedFiles files = emitter.emit(c.ir(), c.endpoints(), emitOptions(dir));
    // What the output does not serve (a warning) and advice about it as a whole (its size, say: a note); neither
    // changes the exit code.
    if (output == OutputFormat.text) {
      emitter.warnings(c.ir(), emitOptions(dir)).forEach(w -> err.println("warning: " + target + ": " + w));
      emitter.advice(c.ir(), emitOptions(dir)).forEach(a -> err.println("note: " + target + ": " + a));
    }
    return writeOrCheck(files, dir, ExitCodes.of(c, input.strict), target);
  }

  private Path destinationDir() {
    return (destination.checkDir != null ? destination.checkDir : destination.outputDir).toAbsolutePath();
  }

  private EmitOptions emitOptions(Path dir) {
    return new EmitOptions(ports.http, ports.https, configDir == null ? dir : configDir,
        runtimeDir == null ? dir : runtimeDir, Optional.ofNullable(format));
  }

  /** Writes the files to {@code dir}, or with --check compares them with it; returns the exit code. */
  private int writeOrCheck(EmittedFiles files, Path dir, int code, String what) throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    if (destination.checkDir != null) {
      List<String> diffs = OutputDiff.compare(files, dir);
      PrintWriter out = spec.commandLine().getOut();
      diffs.forEach(out::print);
      out.flush();
      err.println(UserText.escape(diffs.isEmpty() ? "check: " + dir + " is up to date"
          : "check: " + diffs.size() + " file(s) differ from " + dir));
      err.flush();
      return diffs.isEmpty() ? code : ExitCodes.REJECTED;
    }
    files.writeTo(dir);
    err.println(UserText.escape("wrote " + files.files().size() + " file(s) for " + what + " to " + dir));
    err.flush();
    return code;
  }

  private int writeXdsBootstrap() throws IOException {
    if (!target.equals(EnvoyEmitter.TARGET)) {
      throw new ParameterException(spec.commandLine(), "--xds is for --target envoy only");
    }
    if (!input.files.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--xds writes only Envoy's bootstrap; drop -f (the"
          + " configuration comes from 'ingressc run --target envoy')");
    }
    DynamicBootstrap.XdsAddress address;
    try {
      address = DynamicBootstrap.XdsAddress.parse(xds);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--xds: " + e.getMessage());
    }
    Path dir = destinationDir();
    EmittedFiles files = EnvoyEmitter.xdsBootstrap(address, emitOptions(dir));
    return writeOrCheck(files, dir, ExitCodes.OK, "Envoy's xDS bootstrap (ADS from " + address.host() + ":"
        + address.port() + ")");
  }
}
