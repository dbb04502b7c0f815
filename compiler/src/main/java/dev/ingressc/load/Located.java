package dev.ingressc.load;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;

/**
 * A typed input object with its identity and source, so any later stage can report against the
 * right file and line.
 */
public record Located<T>(T value, ObjectKey key, ObjectSource source) {

  public Diagnostic diagnostic(Severity severity, String field, String message) {
    return new Diagnostic(severity, key.display(), source.file(), source.lineOf(field), field, message);
  }

  /** A finding with a stable {@link Diagnostic#code()}. */
  public Diagnostic diagnostic(Severity severity, String field, String message, String code) {
    return new Diagnostic(severity, key.display(), source.file(), source.lineOf(field), field, message, code);
  }

  public Diagnostic error(String field, String message) {
    return diagnostic(Severity.ERROR, field, message);
  }

  public Diagnostic warning(String field, String message) {
    return diagnostic(Severity.WARNING, field, message);
  }

  public Diagnostic note(String field, String message) {
    return diagnostic(Severity.NOTE, field, message);
  }
}
