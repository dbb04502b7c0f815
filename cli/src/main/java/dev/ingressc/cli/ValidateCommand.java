package dev.ingressc.cli;

import dev.ingressc.Compiler.Compilation;
import dev.ingressc.diag.Severity;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check the input and print diagnostics only.",
    footer = {"", "Examples:", "  ingressc validate -f examples/", "  ingressc validate -f ingress.yaml --strict --output json"})
final class ValidateCommand implements Callable<Integer> {
  @Mixin InputOptions input;
  @Spec CommandSpec spec;

  @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Override
  public Integer call() {
    Compilation c = input.compile();
    var out = spec.commandLine().getOut();
    DiagnosticsPrinter.print(c.diagnostics(), output, out);
    if (output == OutputFormat.text) {
      out.printf("%d Ingress(es) compiled, %d error(s), %d warning(s)%n", c.takenIngresses().size(),
          c.diagnostics().count(Severity.ERROR), c.diagnostics().count(Severity.WARNING));
      out.flush();
    }
    return ExitCodes.of(c, input.strict);
  }
}
