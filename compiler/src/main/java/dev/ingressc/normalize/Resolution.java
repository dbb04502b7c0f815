package dev.ingressc.normalize;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Backend;
import java.time.Duration;
import java.util.Comparator;

/**
 * One backend resolved, in its place in the spec's order: its Ingress in conflict order, then
 * {@code seq} (-1 for spec.defaultBackend, else the path's index); the controller's default
 * backend ({@code from} null) comes after every Ingress. The output of {@code merge}, the input of
 * {@code upstreams}.
 *
 * @param cell the resolution of the Service port (or resource) it names, shared by every route naming it
 * @param field the field that named the backend, which its warnings are reported against
 * @param connectTimeout what the route asks for: its class's, or the defaults' for a default backend
 */
record Resolution(Taken from, int seq, Backend backend, Cell cell, String field, Duration connectTimeout) {
  static final Comparator<Resolution> ORDER = (a, b) -> {
    if (a.from == null || b.from == null) {
      return a.from == null ? (b.from == null ? 0 : 1) : -1;
    }
    int c = a.from == b.from ? 0 : Taken.CONFLICT_ORDER.compare(a.from, b.from);
    return c != 0 ? c : Integer.compare(a.seq, b.seq);
  };

  /** A warning against the field that named the backend (a field, not a made function: a pass holds one per route). */
  Diagnostic warning(String message) {
    return from == null ? new Diagnostic(Severity.WARNING, "", "", 0, field, message) : from.source().warning(field, message);
  }

  BackendResolver.Proposal proposal() {
    return cell.proposal;
  }

  /**
   * The resolution of one Service port with one load balancing and protocol, shared by every
   * route naming it: computed once, and when only the Service's EndpointSlices change, computed
   * again in place (what routes and hosts see of it does not depend on EndpointSlices, only the
   * upstream does).
   */
  static final class Cell {
    BackendResolver.Proposal proposal;

    Cell(BackendResolver.Proposal proposal) {
      this.proposal = proposal;
    }
  }

  // Identity: a memo's groups hold resolutions as instances.
  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
