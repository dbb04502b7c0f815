package dev.ingressc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ingressc} command: one subcommand class per verb, shared options in {@link InputOptions}. */
@Command(
    name = "ingressc",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Compiles Kubernetes Ingress resources into nginx, HAProxy and Envoy configuration.",
    subcommands = {
      ValidateCommand.class,
      DescribeCommand.class,
      RouteCommand.class,
      CompileCommand.class,
      RunCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success (warnings allowed), 1 some objects were rejected (or --strict found",
      "a warning, or compile --check found a difference), 2 unusable invocation or unreadable input.",
      "",
      "Examples:",
      "  ingressc validate -f examples/",
      "  ingressc route -f examples/simple-fanout --host foo.bar.com --path /foo",
      "  ingressc compile --target nginx -f examples/ -o out/nginx",
      "  ingressc run --target nginx -f examples/simple-fanout --watch --http-port 8080 --https-port 8443"
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler((ex, line, parse) -> {
      line.getErr().println("ingressc: " + dev.ingressc.diag.UserText.escape(ex.getMessage()));
      return ExitCodes.UNUSABLE;
    });
    return cl;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: validate, describe, route, compile or run");
  }
}
