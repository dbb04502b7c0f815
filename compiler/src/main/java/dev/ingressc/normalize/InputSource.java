package dev.ingressc.normalize;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.load.Located;
import dev.ingressc.load.ObjectKey;
import dev.ingressc.load.ObjectSource;

/**
 * Where an input object (an Ingress, Service, EndpointSlice, IngressClass, ConfigMap) came from,
 * so that the steps after {@code check} report against its file and line without holding the
 * fabric8 object.
 */
record InputSource(ObjectKey key, ObjectSource source) {
  static InputSource of(Located<?> located) {
    return new InputSource(located.key(), located.source());
  }

  String namespace() {
    return key.namespace();
  }

  Diagnostic diagnostic(Severity severity, String field, String message) {
    return new Diagnostic(severity, key.display(), source.file(), source.lineOf(field), field, message);
  }

  Diagnostic diagnostic(Severity severity, String field, String message, String code) {
    return new Diagnostic(severity, key.display(), source.file(), source.lineOf(field), field, message, code);
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
