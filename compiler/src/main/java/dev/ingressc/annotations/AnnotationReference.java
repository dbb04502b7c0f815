package dev.ingressc.annotations;

import dev.ingressc.ir.TargetFeature;
import java.util.List;
import java.util.Set;

/**
 * docs/annotations.md, printed from {@link AnnotationTable}: a test fails when the page and the
 * table differ, so the page is never edited by hand.
 */
public final class AnnotationReference {
  /**
   * One target's column: what each of its output formats lacks (SEMANTICS.md, What a target lacks),
   * as its emitter says.
   *
   * @param title the column's heading
   * @param formats each format's name ({@code ""} for a target with one) and what it lacks, in order
   */
  public record TargetColumn(String title, java.util.Map<String, Set<TargetFeature>> formats) {
    public TargetColumn {
      formats = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(formats));
    }

    /** A target that lacks nothing. */
    public static TargetColumn complete(String title) {
      return new TargetColumn(title, java.util.Map.of("", Set.of()));
    }
  }

  /** The page's columns for targets that lack nothing. */
  static final List<TargetColumn> COMPLETE = List.of(TargetColumn.complete("nginx"), TargetColumn.complete("HAProxy"),
      TargetColumn.complete("Envoy"));

  private AnnotationReference() {}

  /** The page, every target lacking nothing (the table alone). */
  public static String markdown() {
    return markdown(COMPLETE);
  }

  /** The page, with a column per target in {@code columns}. */
  public static String markdown(List<TargetColumn> columns) {
    StringBuilder md = new StringBuilder();
    md.append("# Annotations\n\n")
        .append("<!-- Generated from compiler/src/main/java/dev/ingressc/annotations/AnnotationTable.java by\n")
        .append("     AnnotationReferenceTest (-Dannotations.update=true); do not edit by hand. -->\n\n")
        .append("Every annotation on an Ingress is accounted for. `ingressc validate` reports each one that\n")
        .append("ingressc does not honour, naming the key, the object, the file and the line, with a stable\n")
        .append("code in `--output json`; `ingressc describe` shows what became of every annotation.\n\n")
        .append("| Status | What happens | Diagnostic |\n|---|---|---|\n")
        .append("| honoured | ingressc does what it asks, on every target. | none; a value it cannot use gets a warning `")
        .append(AnnotationAccounting.INVALID_VALUE).append("` |\n")
        .append("| harmless to ignore | ignored, and nothing a client or backend relies on changes. | note `")
        .append(AnnotationAccounting.HARMLESS).append("` |\n")
        .append("| not supported yet | ignored; the text says what ingressc does instead. | warning `")
        .append(AnnotationAccounting.NOT_SUPPORTED).append("` (an error that rejects the Ingress with `--strict`) |\n")
        .append("| not supported yet, **fails closed** | serving the Ingress without it would let in requests it keeps")
        .append(" out, or hand the Ingress traffic that is not its own: the Ingress is rejected. | error `")
        .append(AnnotationAccounting.FAIL_CLOSED).append("` |\n")
        .append("| refused | never honoured: the Ingress is rejected. | error `").append(AnnotationAccounting.REFUSED)
        .append("` |\n\n")
        .append("A value that asks for what ingressc does anyway (e.g. `\"false\"` for a feature switch, listed as\n")
        .append("*inert values*) makes any annotation harmless, with no diagnostic. Any other\n")
        .append("`nginx.ingress.kubernetes.io/` key is unknown (a warning `").append(AnnotationAccounting.UNKNOWN)
        .append("`),\nexcept `*-snippet` keys, which are refused. Keys that are not valid annotation keys reject\n")
        .append("the Ingress (error `").append(AnnotationAccounting.INVALID_KEY).append("`), as the API server would.\n\n")
        .append("A target that lacks what an honoured key needs (SEMANTICS.md, What a target lacks) rejects the Ingress\n")
        .append("for itself, with an error `").append(AnnotationAccounting.TARGET_LACKS)
        .append("`; the other targets serve it. The columns say where.\n\n")
        .append("## Keys\n\n| Key |");
    columns.forEach(c -> md.append(' ').append(c.title()).append(" |"));
    md.append(" Inert values | What becomes of it |\n|---|");
    columns.forEach(c -> md.append("---|"));
    md.append("---|---|\n");
    for (KnownAnnotation a : AnnotationTable.known()) {
      md.append("| `").append(a.key()).append('`');
      for (TargetColumn c : columns) {
        md.append(" | ").append(status(a, c));
      }
      md.append(" | ").append(a.inertValues().stream().sorted().map(v -> "`" + v + "`").reduce((x, y) -> x + ", " + y)
          .orElse("")).append(" | ").append(cell(meaning(a))).append(" |\n");
    }
    md.append("\n## Other controllers and tools\n\n")
        .append("Keys under these prefixes belong to another controller (one warning `").append(AnnotationAccounting.OTHER_CONTROLLER)
        .append("` per key: it has no effect here) or describe the object for another tool (accounted for silently).\n")
        .append("Any other key has no meaning for ingressc (a note `").append(AnnotationAccounting.UNKNOWN).append("`), unless\n")
        .append("its name is one of ingress-nginx's under another prefix (ingress-nginx's `--annotations-prefix`): then a\n")
        .append("warning says that ingressc reads it only as `nginx.ingress.kubernetes.io/NAME`. A key, of another controller\n")
        .append("or under any other prefix, whose name is that of an ingress-nginx key that **fails closed** (`auth-url`,\n")
        .append("`auth-type`, `whitelist-source-range`, ...; haproxy-ingress, AWS ALB and old ingress-nginx use those names)\n")
        .append("fails closed too (error `").append(AnnotationAccounting.FAIL_CLOSED).append("`): access control is never served open.\n\n")
        .append("| Prefix | Read by | What ingressc does |\n|---|---|---|\n");
    for (AnnotationFamily f : AnnotationTable.families()) {
      md.append("| `").append(f.prefix()).append("` | ").append(f.owner()).append(" | ")
          .append(f.metadataOnly() ? "metadata: nothing, silently" : "warning: no effect here").append(" |\n");
    }
    return md.toString();
  }

  private static String status(KnownAnnotation a, TargetColumn c) {
    AnnotationStatus s = a.statusOn(c.title());
    String label = s == AnnotationStatus.NOT_SUPPORTED && a.failsClosed() ? "not supported yet, **fails closed**" : s.label();
    List<String> lacking = new java.util.ArrayList<>();
    List<String> serving = new java.util.ArrayList<>();
    Set<TargetFeature> lacked = new java.util.TreeSet<>();
    c.formats().forEach((format, lacks) -> {
      Set<TargetFeature> missing = new java.util.TreeSet<>(a.needs());
      missing.retainAll(lacks);
      (missing.isEmpty() ? serving : lacking).add(format);
      lacked.addAll(missing);
    });
    if (lacking.isEmpty()) {
      return label;
    }
    if (lacked.stream().allMatch(TargetFeature::byValue)) {
      return label + "; **refuses** (its routes answer 503) credentials that need " + lacked.stream()
          .map(TargetFeature::words).reduce((x, y) -> x + ", " + y).orElse("");
    }
    String why = "**rejects the Ingress**: cannot do " + lacked.stream().map(TargetFeature::words)
        .reduce((x, y) -> x + ", " + y).orElse("");
    if (serving.isEmpty()) {
      return why;
    }
    return label + " in the " + String.join(", ", serving.stream().map(f -> "`" + f + "`").toList()) + " format; "
        + String.join(", ", lacking.stream().map(f -> "`" + f + "`").toList()) + ": " + why;
  }

  private static String meaning(KnownAnnotation a) {
    return switch (a.status()) {
      case NOT_SUPPORTED -> a.failsClosed() ? "asks for " + a.reason() + ": the Ingress is rejected" : "instead: " + a.reason();
      case REFUSED -> "the Ingress is rejected: " + a.reason();
      case HONOURED, HARMLESS -> a.reason();
    };
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
