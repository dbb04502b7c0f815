package dev.ingressc.diag;

/**
 * One finding about the input.
 *
 * @param severity how bad it is
 * @param object the object, as {@code Kind namespace/name} (or {@code Kind name} for cluster-scoped
 *     kinds); empty when the finding is about a file as a whole
 * @param file the file it came from, or {@code <stdin>}; empty when it comes from no file
 * @param line 1-based line of the field, or 0 when unknown
 * @param field the field path, e.g. {@code spec.rules[0].http.paths[1].path}; empty for the object
 * @param message what is wrong, in words a user can act on; user text in it is escaped ({@link
 *     UserText#escape}) on construction, so every consumer (text, JSON, Events) gets the same safe words
 * @param code a stable identifier of the kind of finding for machines (e.g. {@code
 *     annotation.not-supported}); empty for findings that have none yet
 */
public record Diagnostic(
    Severity severity, String object, String file, int line, String field, String message, String code)
    implements Comparable<Diagnostic> {

  public Diagnostic {
    message = UserText.escape(message);
  }

  public Diagnostic(Severity severity, String object, String file, int line, String field, String message) {
    this(severity, object, file, line, field, message, "");
  }

  /** The same finding with another severity, e.g. a warning that {@code --strict} makes an error. */
  public Diagnostic withSeverity(Severity s) {
    return new Diagnostic(s, object, file, line, field, message, code);
  }

  /**
   * {@code error: Ingress default/web (web.yaml:12) spec.rules[0].host: must be lowercase}, always one
   * line: the object, file and field (which may hold an annotation key) are user text and are escaped.
   */
  public String format() {
    StringBuilder sb = new StringBuilder(severity.label()).append(':');
    if (!object.isEmpty()) {
      sb.append(' ').append(object);
    }
    if (!file.isEmpty()) {
      sb.append(" (").append(file);
      if (line > 0) {
        sb.append(':').append(line);
      }
      sb.append(')');
    }
    if (!field.isEmpty()) {
      sb.append(' ').append(field);
    }
    // A finding about the input as a whole names nothing before its message.
    boolean namesSomething = !object.isEmpty() || !file.isEmpty() || !field.isEmpty();
    return UserText.escape(sb.append(namesSomething ? ": " : " ").append(message).toString());
  }

  @Override
  public int compareTo(Diagnostic o) {
    int c = file.compareTo(o.file);
    if (c == 0) c = Integer.compare(line, o.line);
    if (c == 0) c = object.compareTo(o.object);
    if (c == 0) c = field.compareTo(o.field);
    if (c == 0) c = severity.compareTo(o.severity);
    if (c == 0) c = message.compareTo(o.message);
    if (c == 0) c = code.compareTo(o.code);
    return c;
  }
}
