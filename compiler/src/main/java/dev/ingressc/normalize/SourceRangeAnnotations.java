package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.annotations.AnnotationTable;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.IpLiterals;
import dev.ingressc.ir.SourceRanges;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Reads ingress-nginx's {@code allowlist-source-range} (or its older name
 * {@code whitelist-source-range}) and {@code denylist-source-range} of one Ingress (SEMANTICS.md,
 * Source ranges): comma-separated IPv4 and IPv6 addresses and CIDRs. A range that is not one is an
 * error that rejects the Ingress: a typo in an allow list must never open the routes it guards.
 * Ranges with host bits set are taken as their network, with a warning, as every proxy does.
 */
final class SourceRangeAnnotations {
  static final String ALLOW = AnnotationTable.NGINX + "allowlist-source-range";
  static final String WHITELIST = AnnotationTable.NGINX + "whitelist-source-range";
  static final String DENY = AnnotationTable.NGINX + "denylist-source-range";
  /** More ranges than any real list holds; a bound keeps every target's configuration small. */
  static final int MAX_RANGES = 1000;

  private SourceRangeAnnotations() {}

  /**
   * The Ingress's ranges, if any list is set and usable; findings go to {@code report} (an error
   * rejects it). A redirecting Ingress answers every client (the ranges are warned and dropped); a
   * passed-through one is rejected, since no target checks ranges on a TLS stream it does not end.
   */
  static Optional<SourceRanges> of(Located<Ingress> ing, boolean redirects, boolean passthrough,
      Consumer<Diagnostic> report) {
    Optional<SourceRanges> ranges = read(ing, report);
    if (ranges.isPresent() && passthrough) {
      report.accept(ing.diagnostic(Severity.ERROR, setField(ing), "source ranges cannot be honoured on a"
          + " passed-through TLS stream (ssl-passthrough) yet: the Ingress is rejected rather than served to every"
          + " client", AnnotationAccounting.FAIL_CLOSED));
    }
    if (ranges.isPresent() && redirects) {
      report.accept(ing.warning(setField(ing), "the source ranges have no effect: the Ingress's routes answer a"
          + " redirect (permanent-redirect or temporal-redirect) to every client, as in ingress-nginx; no backend is"
          + " reached"));
      return Optional.empty();
    }
    return ranges;
  }

  private static Optional<SourceRanges> read(Located<Ingress> ing, Consumer<Diagnostic> report) {
    Map<String, String> a = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    if (a == null || (!a.containsKey(ALLOW) && !a.containsKey(WHITELIST) && !a.containsKey(DENY))) {
      return Optional.empty();
    }
    String allowKey = a.containsKey(ALLOW) ? ALLOW : WHITELIST;
    if (a.containsKey(ALLOW) && a.containsKey(WHITELIST) && !a.get(ALLOW).equals(a.get(WHITELIST))) {
      report.accept(ing.warning(field(WHITELIST), "ignored: " + ALLOW + " is set too and wins, as in ingress-nginx"));
    }
    List<SourceRanges.Cidr> allow = ranges(ing, allowKey, a.get(allowKey), report);
    List<SourceRanges.Cidr> deny = ranges(ing, DENY, a.get(DENY), report);
    return allow.isEmpty() && deny.isEmpty() ? Optional.empty() : Optional.of(new SourceRanges(allow, deny));
  }

  /** The field of the first source-range annotation {@code ing} sets. */
  static String setField(Located<Ingress> ing) {
    Map<String, String> a = ing.value().getMetadata().getAnnotations();
    return field(a.containsKey(ALLOW) ? ALLOW : a.containsKey(WHITELIST) ? WHITELIST : DENY);
  }

  static String field(String key) {
    return "metadata.annotations[" + key + "]";
  }

  private static List<SourceRanges.Cidr> ranges(Located<Ingress> ing, String key, String raw,
      Consumer<Diagnostic> report) {
    if (raw == null) {
      return List.of();
    }
    if (raw.isBlank()) {
      report.accept(ing.diagnostic(Severity.WARNING, field(key), "empty: no range applies, as in ingress-nginx",
          AnnotationAccounting.INVALID_VALUE));
      return List.of();
    }
    TreeSet<SourceRanges.Cidr> out = new TreeSet<>();
    for (String entry : raw.split(",", -1)) {
      String e = entry.trim();
      Optional<SourceRanges.Cidr> c = cidr(e);
      if (c.isEmpty()) {
        report.accept(ing.diagnostic(Severity.ERROR, field(key), Names.quote(e) + " is not an IPv4 or IPv6 address or"
            + " CIDR (such as 10.0.0.0/8 or 2001:db8::/32): the Ingress is rejected rather than served with a range"
            + " it did not mean", AnnotationAccounting.INVALID_VALUE));
        return List.of();
      }
      if (!c.get().toString().equals(e) && e.contains("/") && !sameNetwork(e, c.get())) {
        report.accept(ing.warning(field(key), Names.quote(e) + " has host bits set: taken as " + c.get()
            + ", as every proxy takes it"));
      }
      out.add(c.get());
    }
    if (out.size() > MAX_RANGES) {
      report.accept(ing.diagnostic(Severity.ERROR, field(key), out.size() + " ranges: more than " + MAX_RANGES
          + ", the most ingressc writes into a proxy's configuration; the Ingress is rejected",
          AnnotationAccounting.INVALID_VALUE));
      return List.of();
    }
    return List.copyOf(out);
  }

  /** {@code written} (address[/prefix]) as a range with its host bits cleared. */
  static Optional<SourceRanges.Cidr> cidr(String written) {
    int slash = written.indexOf('/');
    String addr = slash < 0 ? written : written.substring(0, slash);
    Optional<InetAddress> a = IpLiterals.parse(addr);
    if (a.isEmpty()) {
      return Optional.empty();
    }
    byte[] b = a.get().getAddress();
    int prefix = b.length * 8;
    if (slash >= 0) {
      String p = written.substring(slash + 1);
      if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > b.length * 8) {
        return Optional.empty();
      }
      prefix = Integer.parseInt(p);
    }
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      b[i] &= (byte) ((0xFF << (8 - keep)) & 0xFF);
    }
    try {
      return Optional.of(new SourceRanges.Cidr(InetAddress.getByAddress(b).getHostAddress(), prefix));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e); // an address of 4 or 16 bytes is always accepted
    }
  }

  /** Whether {@code written}'s address is already its network (only its spelling differs from {@code c}). */
  private static boolean sameNetwork(String written, SourceRanges.Cidr c) {
    String addr = written.substring(0, written.indexOf('/'));
    return IpLiterals.parse(addr).map(InetAddress::getHostAddress).orElse("").equals(c.address());
  }
}
