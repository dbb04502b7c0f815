package dev.ingressc.diag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticTest {

  @Test
  void formatNamesObjectFileLineAndField() {
    assertThat(new Diagnostic(Severity.ERROR, "Ingress default/web", "web.yaml", 12, "spec.rules[0].host",
        "must be lowercase").format())
        .isEqualTo("error: Ingress default/web (web.yaml:12) spec.rules[0].host: must be lowercase");
    assertThat(new Diagnostic(Severity.WARNING, "", "a.yaml", 0, "", "cannot read").format())
        .isEqualTo("warning: (a.yaml): cannot read");
    assertThat(new Diagnostic(Severity.NOTE, "IngressClass x", "", 0, "--default-backend", "m").format())
        .isEqualTo("note: IngressClass x --default-backend: m");
  }

  @Test
  void diagnosticsAreSortedByFileLineObjectFieldSeverityMessageAndDeduplicated() {
    Diagnostics d = new Diagnostics();
    Diagnostic b2 = new Diagnostic(Severity.WARNING, "o", "b.yaml", 2, "f", "m");
    Diagnostic b10 = new Diagnostic(Severity.ERROR, "o", "b.yaml", 10, "f", "m");
    Diagnostic a9 = new Diagnostic(Severity.NOTE, "o", "a.yaml", 9, "f", "m");
    Diagnostic b2err = new Diagnostic(Severity.ERROR, "o", "b.yaml", 2, "f", "m");
    d.add(b10);
    d.add(b2);
    d.add(a9);
    d.add(b2err);
    d.add(new Diagnostic(Severity.WARNING, "o", "b.yaml", 2, "f", "m"));
    assertThat(d.list()).isEqualTo(List.of(a9, b2err, b2, b10));
    assertThat(d.hasErrors()).isTrue();
    assertThat(d.count(Severity.WARNING)).isEqualTo(1);
  }
}
