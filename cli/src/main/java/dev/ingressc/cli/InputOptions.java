package dev.ingressc.cli;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.Compiler.Compilation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The input options every command shares (a picocli mixin). */
final class InputOptions {
  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "PATH",
      description = "A YAML or JSON file (multi-document and kind: List allowed), a directory (read recursively:"
          + " *.yaml, *.yml, *.json, sorted), or - for stdin. Repeatable.")
  List<String> files = new ArrayList<>();

  @Option(names = "--controller", paramLabel = "NAME", defaultValue = CompileOptions.DEFAULT_CONTROLLER,
      description = "The IngressClass spec.controller that means ours (default: ${DEFAULT-VALUE}).")
  String controller;

  @Option(names = "--ingress-class", paramLabel = "NAME",
      description = "When the input has no IngressClass: take only Ingresses that name this class.")
  String ingressClass;

  @Option(names = "--default-backend", paramLabel = "NS/NAME:PORT",
      description = "The controller's default backend, used when no Ingress has a defaultBackend.")
  String defaultBackend;

  @Option(names = "--default-certificate", paramLabel = "NS/SECRET",
      description = "A TLS Secret served for SNI names no Ingress claims; without it such handshakes are refused.")
  String defaultCertificate;

  @Option(names = "--cluster-domain", paramLabel = "DOMAIN", defaultValue = "cluster.local",
      description = "The cluster DNS suffix for Services without EndpointSlices (default: ${DEFAULT-VALUE}).")
  String clusterDomain;

  @Option(names = "--strict", description = "Exit 1 on any warning as well as on errors.")
  boolean strict;

  CompileOptions compileOptions() {
    return new CompileOptions(controller, Optional.ofNullable(ingressClass), Optional.ofNullable(defaultBackend),
        Optional.ofNullable(defaultCertificate), clusterDomain, Clock.systemUTC());
  }

  Compilation compile() {
    return Compiler.compileFiles(files, System.in, compileOptions());
  }
}
