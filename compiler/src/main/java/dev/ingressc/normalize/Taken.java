package dev.ingressc.normalize;

import java.time.Instant;
import java.util.Comparator;

/** A taken, valid Ingress (the output of {@code check}) with its class selection (of {@code select}). */
record Taken(CheckedIngress checked, ClassSelector.Selection selection) {
  /** Oldest first, then by namespace/name: the spec's conflict order. */
  static final Comparator<Taken> CONFLICT_ORDER = (a, b) -> {
    int c = a.created().compareTo(b.created());
    if (c == 0) c = a.source().key().namespace().compareTo(b.source().key().namespace());
    if (c == 0) c = a.source().key().name().compareTo(b.source().key().name());
    return c;
  };

  String id() {
    return checked.id();
  }

  Instant created() {
    return checked.created();
  }

  InputSource source() {
    return checked.source();
  }

  /** Why {@code winner} wins over {@code loser}, for the loser's warning. */
  static String whyWins(Taken winner, Taken loser) {
    return winner.created().equals(loser.created()) ? "same creationTimestamp, and it sorts first by namespace/name"
        : "it is older";
  }

  // Identity, not content: the memo finds an unchanged Ingress by its instance.
  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
