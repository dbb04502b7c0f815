package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.annotations.AnnotationTable;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.RateLimit;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads ingress-nginx's {@code limit-rps}, {@code limit-rpm} and {@code limit-burst-multiplier} of
 * one Ingress (SEMANTICS.md, Rate limits), as ingress-nginx reads them: whole numbers, a value it
 * would not take is ignored with a warning, 0 is no limit, the multiplier 5 unless set. With both
 * rates set, ingress-nginx applies both in nginx; Envoy applies one limit per route, so the
 * per-second one applies on every target and the per-minute one is warned and ignored.
 * {@code limit-whitelist} (or its newer name {@code limit-allowlist}) exempts client addresses from it.
 */
final class RateLimitAnnotations {
  static final String RPS = AnnotationTable.NGINX + "limit-rps";
  static final String RPM = AnnotationTable.NGINX + "limit-rpm";
  static final String BURST = AnnotationTable.NGINX + "limit-burst-multiplier";
  static final String CONNECTIONS = AnnotationTable.NGINX + "limit-connections";
  static final String WHITELIST = AnnotationTable.NGINX + "limit-whitelist";
  /** limit-whitelist's newer name in ingress-nginx; it wins when both are set, as allowlist-source-range does. */
  static final String ALLOWLIST = AnnotationTable.NGINX + "limit-allowlist";
  static final long DEFAULT_BURST_MULTIPLIER = 5;
  /** A rate no real Ingress asks for; a bound keeps the burst (rate times multiplier) far from overflow. */
  static final long MAX = 1_000_000;

  private RateLimitAnnotations() {}

  /** The Ingress's limit, if a rate is set and usable; a redirecting or passed-through Ingress gets none (warned). */
  static Optional<RateLimit> of(Located<Ingress> ing, boolean redirects, boolean passthrough,
      Consumer<Diagnostic> report) {
    Map<String, String> a = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    if (a == null || !a.containsKey(RPS) && !a.containsKey(RPM)) {
      return Optional.empty();
    }
    long rps = number(ing, RPS, a.get(RPS), report);
    long rpm = number(ing, RPM, a.get(RPM), report);
    if (rps > 0 && rpm > 0) {
      report.accept(ing.warning(field(RPM), "ignored: limit-rps is set too, and every target applies one rate per"
          + " route (ingress-nginx's nginx would apply both)"));
    }
    if (rps == 0 && rpm == 0) {
      return Optional.empty();
    }
    if (redirects || passthrough) {
      report.accept(notLimited(ing, rps > 0 ? RPS : RPM, "rate", redirects));
      return Optional.empty();
    }
    long multiplier = a.containsKey(BURST) ? number(ing, BURST, a.get(BURST), report) : DEFAULT_BURST_MULTIPLIER;
    if (a.containsKey(BURST) && multiplier == 0 && !a.get(BURST).trim().equals("0")) {
      multiplier = DEFAULT_BURST_MULTIPLIER; // not a number: the default, warned above
    }
    long rate = rps > 0 ? rps : rpm;
    String exemptKey = a.containsKey(ALLOWLIST) ? ALLOWLIST : WHITELIST;
    if (a.containsKey(ALLOWLIST) && a.containsKey(WHITELIST)) {
      report.accept(ing.warning(field(WHITELIST), "ignored: limit-allowlist, its newer name, is set too and wins"));
    }
    return Optional.of(new RateLimit(rate, rps == 0, rate * multiplier, exempt(ing, exemptKey, a.get(exemptKey),
        report)));
  }

  /**
   * limit-whitelist's ranges: IPv4 and IPv6 addresses and CIDRs, comma-separated. An entry that is
   * none is ignored with a warning: it exempts no one, so the limit applies to more clients, never
   * fewer.
   */
  private static java.util.List<dev.ingressc.ir.SourceRanges.Cidr> exempt(Located<Ingress> ing, String key, String raw,
      Consumer<Diagnostic> report) {
    if (raw == null || raw.isBlank()) {
      return java.util.List.of();
    }
    java.util.TreeSet<dev.ingressc.ir.SourceRanges.Cidr> out = new java.util.TreeSet<>();
    for (String entry : raw.split(",", -1)) {
      String e = entry.trim();
      Optional<dev.ingressc.ir.SourceRanges.Cidr> c = SourceRangeAnnotations.cidr(e);
      if (c.isEmpty()) {
        report.accept(ing.diagnostic(Severity.WARNING, field(key), Names.quote(e) + " is not an IPv4 or IPv6"
            + " address or CIDR: ignored, so it exempts no client from the rate limit", AnnotationAccounting.INVALID_VALUE));
      } else {
        out.add(c.get());
      }
    }
    if (out.size() > SourceRangeAnnotations.MAX_RANGES) {
      report.accept(ing.diagnostic(Severity.WARNING, field(key), out.size() + " ranges: more than "
          + SourceRangeAnnotations.MAX_RANGES + ", the most ingressc writes into a proxy's configuration: ignored, so"
          + " no client is exempt", AnnotationAccounting.INVALID_VALUE));
      return java.util.List.of();
    }
    return java.util.List.copyOf(out);
  }

  /**
   * The Ingress's limit-connections, if set to a whole number above 0 (0 is no limit, as in
   * ingress-nginx; another value is ignored with a warning), with limit-whitelist's exempt ranges; a
   * redirecting or passed-through Ingress gets none (warned).
   */
  static Optional<dev.ingressc.ir.ConnectionLimit> connections(Located<Ingress> ing, boolean redirects,
      boolean passthrough, Consumer<Diagnostic> report) {
    Map<String, String> a = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    if (a == null || !a.containsKey(CONNECTIONS)) {
      return Optional.empty();
    }
    long n = number(ing, CONNECTIONS, a.get(CONNECTIONS), report);
    if (n == 0) {
      return Optional.empty();
    }
    if (redirects || passthrough) {
      report.accept(notLimited(ing, CONNECTIONS, "connection", redirects));
      return Optional.empty();
    }
    // The rate limit reads (and warns about) the exempt ranges when it is set too; else they are read here.
    String exemptKey = a.containsKey(ALLOWLIST) ? ALLOWLIST : WHITELIST;
    boolean rateToo = a.containsKey(RPS) || a.containsKey(RPM);
    return Optional.of(new dev.ingressc.ir.ConnectionLimit(n, exempt(ing, exemptKey, a.get(exemptKey),
        rateToo ? d -> { } : report)));
  }

  /** Why a redirecting or passed-through Ingress gets no {@code what} limit, against {@code key}. */
  private static Diagnostic notLimited(Located<Ingress> ing, String key, String what, boolean redirects) {
    return ing.warning(field(key), "no " + what + " limit: the Ingress's routes " + (redirects
        ? "answer a redirect (permanent-redirect or temporal-redirect) to every request"
        : "pass the TLS stream through (ssl-passthrough), never read as HTTP"));
  }

  /** A whole number from 0 to {@link #MAX}; anything else is 0 (no limit), with a warning. */
  private static long number(Located<Ingress> ing, String key, String raw, Consumer<Diagnostic> report) {
    if (raw == null) {
      return 0;
    }
    String v = raw.trim();
    if (!v.matches("[0-9]{1,7}") || Long.parseLong(v) > MAX) {
      report.accept(ing.diagnostic(Severity.WARNING, field(key), Names.quote(raw) + " is not a whole number from 0 to "
          + MAX + ": ignored" + (key.equals(BURST) ? ", the multiplier is " + DEFAULT_BURST_MULTIPLIER : "")
          + ", as ingress-nginx ignores it", AnnotationAccounting.INVALID_VALUE));
      return 0;
    }
    return Long.parseLong(v);
  }

  static String field(String key) {
    return "metadata.annotations[" + key + "]";
  }
}
