package dev.ingressc.sidecar;

import dev.ingressc.Compiler.Compilation;

/**
 * How a compiled IR reaches the proxy: files written, checked by the proxy and applied
 * ({@link FileDelivery}, nginx and HAProxy), or a checked push ({@link PushDelivery}, xDS for
 * Envoy). The {@link Reconciler} decides when to deliver and keeps what is served; a delivery
 * only delivers, and reports target-specific metrics and logs.
 */
interface Delivery {

  /**
   * Delivers {@code c}'s routing and endpoints: as endpoints alone when its routing is
   * {@code served}'s ({@link #sameRouting}), else as routing.
   *
   * @param served what is served now, or null before the first delivery
   * @param startNanos when the pass started, for the logged timings
   * @param compiledNanos when compiling finished
   */
  Result deliver(Compilation c, Compilation served, long startNanos, long compiledNanos);

  /**
   * Whether {@code c}'s routing is {@code served}'s: the decision between the two verbs, made once
   * here for every target. Cheap: the compiler gives the same IR instance when the routing did not
   * change, so identity answers first.
   */
  static boolean sameRouting(Compilation c, Compilation served) {
    return served != null && (c.ir() == served.ir() || c.ir().equals(served.ir()));
  }

  /** Whether {@code c} is what {@code other} was: the same routing and endpoints. */
  static boolean same(Compilation c, Compilation other) {
    return sameRouting(c, other) && c.endpoints().equals(other.endpoints());
  }

  /**
   * Whether the proxy is known to serve what was last delivered. nginx and HAProxy: a delivery
   * returns once the proxy serves it. Envoy: once a node has applied (ACKed) the snapshot, which
   * may be later, or never while no Envoy is connected.
   */
  default boolean confirmed() {
    return true;
  }

  /**
   * Whether something is served that {@code current}'s files do not hold yet (see
   * {@link FileDelivery}); then how long until {@code quiet} has passed since the last such change.
   */
  default java.util.Optional<java.time.Duration> behind(java.time.Duration quiet) {
    return java.util.Optional.empty();
  }

  /**
   * Writes the files of what is served; call only while {@link #behind} says so.
   *
   * @param stopping the sidecar is stopping: a proxy that stops with it is not reloaded
   */
  default Result catchUp(long startNanos, boolean stopping) {
    throw new IllegalStateException("nothing to catch up");
  }

  /** The compilation whose files the proxy loads on a restart; null before the first. */
  default Compilation persisted() {
    return null;
  }

  /** What a delivery did. */
  enum Status {
    /** The proxy serves it now (Envoy: it is published; see {@link Delivery#confirmed}). */
    SERVED,
    /** The proxy's check or the proxy itself refused it; the last good configuration keeps serving. */
    REFUSED,
    /** The proxy is not running (it could not start, or it died): try the same input again later. */
    RETRY_LATER,
    /** Nothing was delivered (e.g. the candidate could not be written); the next change tries again. */
    NOT_DELIVERED
  }

  /**
   * @param generation the generation number served, when SERVED
   * @param stage for REFUSED: {@code validation} or {@code reload}
   * @param problem for REFUSED: the proxy's own words
   */
  record Result(Status status, long generation, String stage, String problem) {
    static Result served(long generation) {
      return new Result(Status.SERVED, generation, "", "");
    }

    static Result refused(String stage, String problem) {
      return new Result(Status.REFUSED, 0, stage, problem);
    }

    static Result retryLater(String problem) {
      return new Result(Status.RETRY_LATER, 0, "reload", problem);
    }

    static Result notDelivered() {
      return new Result(Status.NOT_DELIVERED, 0, "", "");
    }
  }

  static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
