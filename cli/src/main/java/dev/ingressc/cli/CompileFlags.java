package dev.ingressc.cli;

import dev.ingressc.CompileOptions;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options that shape a compile, shared by every command (a picocli mixin; {@link InputOptions} adds the input). */
final class CompileFlags {
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

  CompileOptions compileOptions() {
    return new CompileOptions(controller, Optional.ofNullable(ingressClass),
        Optional.ofNullable(defaultBackend).map(FlagParsers::defaultBackend),
        Optional.ofNullable(defaultCertificate).map(FlagParsers::defaultCertificate), clusterDomain, Clock.systemUTC(), false);
  }
}
