package dev.ingressc.cli;

/** How a command prints its result and diagnostics. */
enum OutputFormat {
  text,
  json
}
