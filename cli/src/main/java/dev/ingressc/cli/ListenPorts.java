package dev.ingressc.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The ports the proxy listens on, shared by compile and run (a picocli mixin). */
final class ListenPorts {
  @Option(names = "--http-port", defaultValue = "80", paramLabel = "PORT", description = "Plain HTTP port (default: ${DEFAULT-VALUE}).")
  int http;

  @Option(names = "--https-port", defaultValue = "443", paramLabel = "PORT",
      description = "HTTPS port, used when some host is served over TLS (default: ${DEFAULT-VALUE}).")
  int https;

  /** Refuses a port outside 1-65535 as an unusable invocation. */
  void check(CommandLine commandLine) {
    for (int port : List.of(http, https)) {
      if (port < 1 || port > 65535) {
        throw new CommandLine.ParameterException(commandLine, port + " is not a port number (1-65535)");
      }
    }
  }
}
