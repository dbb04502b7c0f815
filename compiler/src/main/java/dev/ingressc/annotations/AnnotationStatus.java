package dev.ingressc.annotations;

/** What ingressc does with an annotation key it knows. */
public enum AnnotationStatus {
  /** ingressc does what the annotation asks, on every target. */
  HONOURED("honoured"),
  /** Ignored, and nothing a user relies on changes: e.g. a log or buffer tuning knob. */
  HARMLESS("harmless to ignore"),
  /** Ignored for now, and the behaviour differs from ingress-nginx's: a warning says how. */
  NOT_SUPPORTED("not supported yet"),
  /** Never honoured: an Ingress that carries it is rejected. */
  REFUSED("refused");

  private final String label;

  AnnotationStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
