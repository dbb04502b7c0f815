package dev.ingressc.route;

import dev.ingressc.ir.Canary;

/**
 * How a route with a canary chose (SEMANTICS.md, Canaries).
 *
 * @param side the backend chosen; for {@link Reason#WEIGHT} with a split weight, the likelier one
 * @param reason what decided
 * @param weight the canary's weight, when the weight decided
 * @param weightTotal its total
 */
public record CanaryChoice(Canary.Side side, Reason reason, int weight, int weightTotal) {

  public enum Reason { HEADER, COOKIE, WEIGHT }

  /** Whether this request could get either backend (the weight decides and splits). */
  public boolean random() {
    return reason == Reason.WEIGHT && weight > 0 && weight < weightTotal;
  }

  /** The probability that the canary serves a request the weight decides. */
  public double canaryShare() {
    return (double) weight / weightTotal;
  }
}
