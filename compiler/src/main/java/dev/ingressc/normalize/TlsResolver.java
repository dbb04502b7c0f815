package dev.ingressc.normalize;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Diagnostics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reports TLS Secrets to the Ingresses naming them: the outcome of their check ({@link
 * SecretCheck}: present, of a TLS type, PEM that parses, strong enough, key matching certificate),
 * and expiry. Each Secret is looked up once a pass; problems are reported against the Ingress that
 * named it.
 */
final class TlsResolver implements TlsChoices.Secrets {
  static final Duration EXPIRY_WARNING = Duration.ofDays(14);

  private final CheckedObjects.Inputs in;
  private final Diagnostics diagnostics;
  private final Instant now;
  /** Each Secret's check this pass, by {@code namespace/name}. */
  private final Map<String, SecretCheck.Outcome> cache = new HashMap<>();

  TlsResolver(CheckedObjects.Inputs in, Diagnostics diagnostics, Instant now) {
    this.in = in;
    this.diagnostics = diagnostics;
    this.now = now;
  }

  /**
   * The checked Secret {@code namespace/name}, or empty with an error reported through
   * {@code error}. Expiry warnings are reported too. The Secret is checked once, but every caller
   * gets the report, so every Ingress naming a bad Secret learns why its hosts are HTTP only.
   */
  @Override
  public Optional<CheckedSecret> secret(String namespace, String name, Function<String, Diagnostic> error,
      Function<String, Diagnostic> warning) {
    String id = namespace + "/" + name;
    SecretCheck.Outcome outcome = cache.computeIfAbsent(id, k -> in.secret(namespace, name));
    if (outcome.secret().isEmpty()) {
      diagnostics.add(error.apply("Secret " + id + ": " + outcome.problem()));
      return Optional.empty();
    }
    CheckedSecret s = outcome.secret().get();
    if (s.notAfter().isBefore(now)) {
      diagnostics.add(warning.apply("the certificate in Secret " + id + " expired on " + s.notAfter()));
    } else if (s.notAfter().isBefore(now.plus(EXPIRY_WARNING))) {
      diagnostics.add(warning.apply("the certificate in Secret " + id + " expires on " + s.notAfter()
          + ", within " + EXPIRY_WARNING.toDays() + " days"));
    }
    return outcome.secret();
  }
}
