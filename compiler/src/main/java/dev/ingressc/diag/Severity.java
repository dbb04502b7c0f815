package dev.ingressc.diag;

/** How bad a diagnostic is. Errors reject an object; warnings and notes never do. */
public enum Severity {
  ERROR,
  WARNING,
  /** Something a user may want to know that needs no action (e.g. an Ingress of another class). */
  NOTE;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
