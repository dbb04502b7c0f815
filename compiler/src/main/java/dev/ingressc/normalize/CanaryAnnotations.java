package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.annotations.AnnotationTable;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Canary;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads ingress-nginx's canary annotations of one Ingress (SEMANTICS.md, Canaries). A bad value is
 * an error, which rejects the canary Ingress: its traffic then stays on the main Ingress.
 */
final class CanaryAnnotations {
  static final String CANARY = AnnotationTable.NGINX + "canary";
  static final String WEIGHT = CANARY + "-weight";
  static final String WEIGHT_TOTAL = CANARY + "-weight-total";
  static final String BY_HEADER = CANARY + "-by-header";
  static final String BY_HEADER_VALUE = CANARY + "-by-header-value";
  static final String BY_HEADER_PATTERN = CANARY + "-by-header-pattern";
  static final String BY_COOKIE = CANARY + "-by-cookie";
  private static final Set<String> KEYS = Set.of(CANARY, WEIGHT, WEIGHT_TOTAL, BY_HEADER, BY_HEADER_VALUE,
      BY_HEADER_PATTERN, BY_COOKIE);
  /** What ingress-nginx keeps from a canary Ingress itself; every other of its annotations comes from the main one. */
  private static final Set<String> KEPT = Set.of("load-balance", "upstream-hash-by", "affinity", "affinity-mode",
      "affinity-canary-behavior");

  /** A canary Ingress's settings, before it is attached to a route (its backend is the route's). */
  record Spec(Optional<Canary.HeaderRule> header, Optional<String> cookie, int weight, int weightTotal) {}

  private CanaryAnnotations() {}

  static String field(String key) {
    return "metadata.annotations[" + key + "]";
  }

  /** The Ingress's canary settings; null when it is not a canary. Problems go to {@code report}. */
  static Spec of(Located<Ingress> ing, Consumer<Diagnostic> report) {
    Map<String, String> a = ing.value().getMetadata() == null || ing.value().getMetadata().getAnnotations() == null
        ? Map.of() : new TreeMap<>(ing.value().getMetadata().getAnnotations());
    if (!isTrue(a.get(CANARY))) {
      a.keySet().stream().filter(k -> KEYS.contains(k) && !k.equals(CANARY)).forEach(k -> report.accept(
          ing.warning(field(k), "ignored: the Ingress is not a canary (" + CANARY + " is not \"true\")")));
      return null;
    }
    a.keySet().stream().filter(k -> k.startsWith(AnnotationTable.NGINX) && !KEYS.contains(k)
        && !KEPT.contains(k.substring(AnnotationTable.NGINX.length()))
        && !k.startsWith(AnnotationTable.NGINX + "session-cookie")).forEach(k -> report.accept(ing.warning(field(k),
        "ignored on a canary Ingress: as in ingress-nginx, the main Ingress's annotations apply to its requests")));
    int total = integer(ing, a, WEIGHT_TOTAL, 100, report);
    if (total < 100) {
      report.accept(ing.warning(field(WEIGHT_TOTAL), "a total under 100 is ignored by ingress-nginx, and so here:"
          + " the weight is out of 100"));
      total = 100;
    }
    int weight = integer(ing, a, WEIGHT, 0, report);
    if (weight > total) {
      report.accept(ing.warning(field(WEIGHT), "the weight is over its total (" + total + "): every request the"
          + " header and cookie leave goes to the canary"));
      weight = total;
    }
    Optional<Canary.HeaderRule> header = header(ing, a, report);
    Optional<String> cookie = Optional.ofNullable(a.get(BY_COOKIE)).map(String::trim);
    if (cookie.isPresent() && !Canary.COOKIE_NAME.matcher(cookie.get()).matches()) {
      report.accept(invalid(ing, BY_COOKIE, "a cookie name here is letters, digits, '-' and '_'"));
      cookie = Optional.empty();
    }
    if (weight == 0 && header.isEmpty() && cookie.isEmpty()) {
      report.accept(ing.warning(field(CANARY), "the canary has no header, no cookie and weight 0: it gets no requests"));
    }
    return new Spec(header, cookie, weight, total);
  }

  /** ingress-nginx reads booleans with Go's strconv.ParseBool. */
  private static boolean isTrue(String v) {
    return v != null && GoBool.parse(v.trim()).orElse(false);
  }

  private static int integer(Located<Ingress> ing, Map<String, String> a, String key, int absent,
      Consumer<Diagnostic> report) {
    String v = a.get(key);
    if (v == null) {
      return absent;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    report.accept(invalid(ing, key, "not a whole number from 0 to 2147483647"));
    return absent;
  }

  private static Optional<Canary.HeaderRule> header(Located<Ingress> ing, Map<String, String> a,
      Consumer<Diagnostic> report) {
    String name = a.get(BY_HEADER);
    if (name == null) {
      for (String k : new String[] {BY_HEADER_VALUE, BY_HEADER_PATTERN}) {
        if (a.containsKey(k)) {
          report.accept(ing.warning(field(k), "ignored: it needs " + BY_HEADER));
        }
      }
      return Optional.empty();
    }
    name = name.trim();
    if (!Canary.HEADER_NAME.matcher(name).matches()) {
      report.accept(invalid(ing, BY_HEADER, "a header name here is letters, digits and '-'"));
      return Optional.empty();
    }
    Optional<String> value = Optional.ofNullable(a.get(BY_HEADER_VALUE)).filter(v -> !v.isEmpty());
    Optional<String> pattern = Optional.ofNullable(a.get(BY_HEADER_PATTERN)).filter(v -> !v.isEmpty());
    if (value.isPresent() && !value.get().matches("[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?")) {
      report.accept(invalid(ing, BY_HEADER_VALUE, "a header value here is printable ASCII without leading or trailing"
          + " spaces"));
      return Optional.empty();
    }
    if (value.isPresent() && pattern.isPresent()) {
      report.accept(ing.warning(field(BY_HEADER_PATTERN), "ignored: " + BY_HEADER_VALUE + " is set and wins, as in"
          + " ingress-nginx"));
      pattern = Optional.empty();
    }
    if (pattern.isPresent()) {
      Optional<String> problem = CanaryPattern.problem(pattern.get());
      if (problem.isPresent()) {
        report.accept(invalid(ing, BY_HEADER_PATTERN, problem.get()));
        return Optional.empty();
      }
      report.accept(ing.note(field(BY_HEADER_PATTERN), "the pattern is searched for anywhere in the header's value"
          + " (unanchored, case-sensitive), as ingress-nginx does; anchor it with ^ and $ to match the whole value"));
    }
    return Optional.of(new Canary.HeaderRule(name, value, pattern));
  }

  private static Diagnostic invalid(Located<Ingress> ing, String key, String why) {
    return ing.diagnostic(Severity.ERROR, field(key), "invalid value " + Names.quote(String.valueOf(
        ing.value().getMetadata().getAnnotations().get(key))) + ": " + why + "; the canary Ingress is rejected and its"
        + " traffic stays on the main Ingress", AnnotationAccounting.INVALID_VALUE);
  }
}
