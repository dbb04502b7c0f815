package dev.ingressc;

import dev.ingressc.ir.BackendRef;
import java.time.Clock;
import java.util.Optional;

/**
 * What the user chose for one compile, shared by every command.
 *
 * @param controller the IngressClass {@code spec.controller} that means "ours"
 * @param ingressClass when the input holds no IngressClass: take only Ingresses naming this class
 * @param defaultBackend the controller's own default backend ({@code --default-backend NS/NAME:PORT},
 *     parsed by the CLI)
 * @param defaultCertificate served for unknown SNI ({@code --default-certificate NS/SECRET}, parsed
 *     by the CLI)
 * @param clusterDomain the DNS suffix of in-cluster Service names
 * @param clock for certificate expiry checks
 * @param strict annotations that ingressc does not honour are errors that reject their Ingress,
 *     not warnings ({@code --strict})
 * @param target the target the output is for, and what it lacks: an Ingress that needs what it
 *     lacks is rejected for it ({@link TargetProfile#ANY}: every target's IR, nothing lacked)
 */
public record CompileOptions(
    String controller,
    Optional<String> ingressClass,
    Optional<FlagValue<BackendRef.ServicePort>> defaultBackend,
    Optional<FlagValue<SecretRef>> defaultCertificate,
    String clusterDomain,
    Clock clock,
    boolean strict,
    TargetProfile target) {

  /** Options for no target in particular. */
  public CompileOptions(String controller, Optional<String> ingressClass,
      Optional<FlagValue<BackendRef.ServicePort>> defaultBackend, Optional<FlagValue<SecretRef>> defaultCertificate,
      String clusterDomain, Clock clock, boolean strict) {
    this(controller, ingressClass, defaultBackend, defaultCertificate, clusterDomain, clock, strict, TargetProfile.ANY);
  }

  public static final String DEFAULT_CONTROLLER = "ingressc.dev/ingress-controller";

  public static CompileOptions defaults() {
    return new CompileOptions(DEFAULT_CONTROLLER, Optional.empty(), Optional.empty(), Optional.empty(),
        "cluster.local", Clock.systemUTC(), false);
  }

  public CompileOptions withDefaultBackend(BackendRef.ServicePort ref) {
    return withDefaultBackend(FlagValue.of(ref));
  }

  public CompileOptions withDefaultBackend(FlagValue<BackendRef.ServicePort> flag) {
    return new CompileOptions(controller, ingressClass, Optional.of(flag), defaultCertificate, clusterDomain, clock, strict, target);
  }

  public CompileOptions withIngressClass(String name) {
    return new CompileOptions(controller, Optional.of(name), defaultBackend, defaultCertificate, clusterDomain, clock, strict, target);
  }

  public CompileOptions withDefaultCertificate(SecretRef secret) {
    return withDefaultCertificate(FlagValue.of(secret));
  }

  public CompileOptions withDefaultCertificate(FlagValue<SecretRef> flag) {
    return new CompileOptions(controller, ingressClass, defaultBackend, Optional.of(flag), clusterDomain, clock, strict, target);
  }

  public CompileOptions withClock(Clock c) {
    return new CompileOptions(controller, ingressClass, defaultBackend, defaultCertificate, clusterDomain, c, strict, target);
  }

  public CompileOptions withStrict(boolean s) {
    return new CompileOptions(controller, ingressClass, defaultBackend, defaultCertificate, clusterDomain, clock, s, target);
  }

  public CompileOptions withTarget(TargetProfile t) {
    return new CompileOptions(controller, ingressClass, defaultBackend, defaultCertificate, clusterDomain, clock, strict, t);
  }

  public CompileOptions withController(String c) {
    return new CompileOptions(c, ingressClass, defaultBackend, defaultCertificate, clusterDomain, clock, strict, target);
  }
}
