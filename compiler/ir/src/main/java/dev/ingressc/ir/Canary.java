package dev.ingressc.ir;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A canary attached to a route (ingress-nginx's {@code canary} annotations, SEMANTICS.md,
 * Canaries): a second backend that takes the route's requests by header, then by cookie, then by
 * weight, in that order.
 *
 * @param backend the canary Ingress's backend; its upstream is in the IR's upstream list
 * @param header the header rule, if {@code canary-by-header} is set
 * @param cookie the cookie name ({@code canary-by-cookie}), if set: {@code always} sends to the
 *     canary, {@code never} to the main backend, anything else falls through to the weight
 * @param weight how many of {@code weightTotal} requests go to the canary (0 to weightTotal)
 * @param weightTotal the weight's total (at least 1)
 */
public record Canary(Backend backend, Optional<HeaderRule> header, Optional<String> cookie, int weight,
    int weightTotal) {

  /** Header names (ingressc's subset): letters, digits and {@code -}, so every proxy names them alike. */
  public static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
  /** Cookie names (ingressc's subset): letters, digits, {@code -} and {@code _}, never a regex character. */
  public static final Pattern COOKIE_NAME = Pattern.compile("[A-Za-z0-9_-]+");

  public Canary {
    if (weightTotal < 1 || weight < 0 || weight > weightTotal) {
      throw new IllegalArgumentException("canary weight " + weight + " of " + weightTotal);
    }
    if (cookie.isPresent() && !COOKIE_NAME.matcher(cookie.get()).matches()) {
      throw new IllegalArgumentException("canary cookie name");
    }
  }

  /**
   * {@code canary-by-header}: the header's first value decides. With neither value nor pattern,
   * {@code always} sends to the canary and {@code never} to the main backend; with a value, that
   * exact value sends to the canary; with a pattern, a value the pattern finds (unanchored, as
   * ingress-nginx's {@code ngx.re.match}) sends to the canary. Anything else falls through.
   */
  public record HeaderRule(String name, Optional<String> value, Optional<String> pattern) {
    public HeaderRule {
      if (!HEADER_NAME.matcher(name).matches() || (value.isPresent() && pattern.isPresent())) {
        throw new IllegalArgumentException("canary header rule");
      }
    }
  }

  /** Which backend a canary route chose. */
  public enum Side { CANARY, MAIN }

  /**
   * The regex (PCRE, unanchored; the same text in RE2 after {@code .*} on both ends) that finds a
   * cookie named {@code name} with the value {@code value} in a Cookie header.
   */
  public static String cookieRegex(String name, String value) {
    return "(^|;\\s*)" + name + "=" + value + "(;|$)";
  }

  /** {@link #cookieRegex} for an RE2 full match (Envoy). */
  public static String cookieRegexFull(String name, String value) {
    return "(.*;\\s*)?" + name + "=" + value + "(;.*)?";
  }

  /** Whether the weight alone ever sends to both sides. */
  public boolean split() {
    return weight > 0 && weight < weightTotal;
  }
}
