package dev.ingressc.route;

import dev.ingressc.diag.UserText;
import dev.ingressc.ir.Canary;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The oracle's half of canaries (SEMANTICS.md, Canaries): header, then cookie, then weight, as
 * ingress-nginx's balancer decides.
 */
final class CanaryOracle {
  private CanaryOracle() {}

  static CanaryChoice choose(Canary c, Map<String, String> headers, List<String> why) {
    String who = "canary " + c.backend().ref().display() + " (Ingress " + c.backend().origin().ingress() + ")";
    if (c.header().isPresent()) {
      Canary.HeaderRule h = c.header().get();
      String v = headers.get(h.name().toLowerCase(java.util.Locale.ROOT));
      if (v != null) {
        String header = "header " + h.name() + ": " + UserText.quote(v);
        if (h.value().isPresent()) {
          if (h.value().get().equals(v)) {
            why.add(header + " equals canary-by-header-value: the " + who + " serves it");
            return new CanaryChoice(Canary.Side.CANARY, CanaryChoice.Reason.HEADER, c.weight(), c.weightTotal());
          }
          why.add(header + " is not canary-by-header-value: the cookie and the weight decide");
        } else if (h.pattern().isPresent()) {
          if (Pattern.compile(h.pattern().get()).matcher(v).find()) {
            why.add(header + " matches canary-by-header-pattern: the " + who + " serves it");
            return new CanaryChoice(Canary.Side.CANARY, CanaryChoice.Reason.HEADER, c.weight(), c.weightTotal());
          }
          why.add(header + " does not match canary-by-header-pattern: the cookie and the weight decide");
        } else if (v.equals("always") || v.equals("never")) {
          Canary.Side side = v.equals("always") ? Canary.Side.CANARY : Canary.Side.MAIN;
          why.add(header + ": " + (side == Canary.Side.CANARY ? "the " + who : "the main backend") + " serves it");
          return new CanaryChoice(side, CanaryChoice.Reason.HEADER, c.weight(), c.weightTotal());
        } else {
          why.add(header + " is neither always nor never: the cookie and the weight decide");
        }
      }
    }
    if (c.cookie().isPresent() && headers.containsKey("cookie")) {
      String cookies = headers.get("cookie");
      String name = c.cookie().get();
      for (String value : List.of("always", "never")) {
        if (Pattern.compile(Canary.cookieRegex(name, value)).matcher(cookies).find()) {
          Canary.Side side = value.equals("always") ? Canary.Side.CANARY : Canary.Side.MAIN;
          why.add("cookie " + name + "=" + value + ": " + (side == Canary.Side.CANARY ? "the " + who
              : "the main backend") + " serves it");
          return new CanaryChoice(side, CanaryChoice.Reason.COOKIE, c.weight(), c.weightTotal());
        }
      }
    }
    Canary.Side likelier = 2L * c.weight() >= c.weightTotal() && c.weight() > 0 ? Canary.Side.CANARY : Canary.Side.MAIN;
    why.add("weight " + c.weight() + " of " + c.weightTotal() + ": the " + who + " serves "
        + (c.weight() == 0 ? "none" : c.weight() == c.weightTotal() ? "all" : c.weight() + " in " + c.weightTotal())
        + " of the requests neither the header nor the cookie decides, the main backend the rest");
    return new CanaryChoice(likelier, CanaryChoice.Reason.WEIGHT, c.weight(), c.weightTotal());
  }
}
