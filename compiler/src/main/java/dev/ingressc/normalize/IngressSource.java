package dev.ingressc.normalize;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.load.Located;
import dev.ingressc.load.ObjectKey;
import dev.ingressc.load.ObjectSource;

/**
 * Where an Ingress came from, so that the steps after {@code check} report against its file and
 * line without holding the fabric8 object.
 */
record IngressSource(ObjectKey key, ObjectSource source) {
  static IngressSource of(Located<?> located) {
    return new IngressSource(located.key(), located.source());
  }

  String namespace() {
    return key.namespace();
  }

  Diagnostic diagnostic(Severity severity, String field, String message) {
    return new Diagnostic(severity, key.display(), source.file(), source.lineOf(field), field, message);
  }

  Diagnostic error(String field, String message) {
    return diagnostic(Severity.ERROR, field, message);
  }

  Diagnostic warning(String field, String message) {
    return diagnostic(Severity.WARNING, field, message);
  }

  Diagnostic note(String field, String message) {
    return diagnostic(Severity.NOTE, field, message);
  }
}
