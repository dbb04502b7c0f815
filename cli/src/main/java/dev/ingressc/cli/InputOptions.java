package dev.ingressc.cli;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.Compiler.Compilation;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The input options every command shares (a picocli mixin). */
final class InputOptions {
  @Option(names = {"-f", "--filename"}, paramLabel = "PATH",
      description = "A YAML or JSON file (multi-document and kind: List allowed), a directory (read recursively:"
          + " *.yaml, *.yml, *.json, sorted), or - for stdin. Repeatable.")
  List<String> files = new ArrayList<>();

  @Mixin CompileFlags flags = new CompileFlags();

  @Option(names = "--strict", description = "Exit 1 on any warning as well as on errors; an annotation that"
      + " ingressc does not honour rejects its Ingress.")
  boolean strict;

  CompileOptions compileOptions() {
    return flags.compileOptions().withStrict(strict);
  }

  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  Compilation compile() {
    return compile(dev.ingressc.TargetProfile.ANY);
  }

  /** The compile for {@code target}: an Ingress that needs what it lacks is rejected for it. */
  Compilation compile(dev.ingressc.TargetProfile target) {
    if (files.isEmpty()) { // not required=true: compile --xds takes no input
      throw new ParameterException(mixee.commandLine(), "Missing required option: '--filename=PATH'");
    }
    return Compiler.compileFiles(files, System.in, compileOptions().withTarget(target));
  }
}
