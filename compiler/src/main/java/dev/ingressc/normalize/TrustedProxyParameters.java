package dev.ingressc.normalize;

import dev.ingressc.ir.SourceRanges;
import dev.ingressc.ir.TrustedProxies;
import dev.ingressc.validate.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Reads the class parameters that name the proxies in front (SEMANTICS.md, Client address), in
 * ingress-nginx's ConfigMap spelling ({@code use-forwarded-headers} or {@code enable-real-ip}, with
 * {@code proxy-real-ip-cidr}) or as IngressParameters fields ({@code useForwardedHeaders},
 * {@code proxyRealIpCidr}). The keys ingress-nginx pairs with them that ingressc does not honour
 * get a warning each, since they change what a backend or an access check sees.
 */
final class TrustedProxyParameters {
  /** ingress-nginx's default for proxy-real-ip-cidr. */
  static final String DEFAULT_CIDR = "0.0.0.0/0";

  private final BiConsumer<String, String> warn;
  private boolean on;
  private String onField;
  private String cidrs = DEFAULT_CIDR;
  private String cidrField;

  TrustedProxyParameters(BiConsumer<String, String> warn) {
    this.warn = warn;
  }

  /** Takes {@code key} when it is one of these parameters (either spelling); false when it is another key. */
  boolean take(String key, String field, String value) {
    switch (key) {
      case "use-forwarded-headers", "enable-real-ip", "useForwardedHeaders" -> {
        Optional<Boolean> b = GoBool.parse(value.trim());
        if (b.isEmpty()) {
          warn.accept(field, Names.quote(value) + " is not true or false; no proxy is trusted");
        } else if (b.get()) {
          on = true;
          onField = field;
        }
      }
      case "proxy-real-ip-cidr", "proxyRealIpCidr" -> {
        cidrs = value;
        cidrField = field;
      }
      case "forwarded-for-header" -> {
        if (!value.trim().equalsIgnoreCase("X-Forwarded-For")) {
          warn.accept(field, Names.quote(value) + " is not supported: only X-Forwarded-For names the client");
        }
      }
      case "compute-full-forwarded-for" -> {
        if (GoBool.parse(value.trim()).orElse(false)) {
          warn.accept(field, "is not supported: a backend gets the client's address alone in X-Forwarded-For");
        }
      }
      case "use-proxy-protocol" -> {
        if (GoBool.parse(value.trim()).orElse(false)) {
          warn.accept(field, "is not supported: no listener reads a PROXY protocol header, so a connection that"
              + " sends one gets 400; use-forwarded-headers names the client from X-Forwarded-For");
        }
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  TrustedProxies build() {
    if (!on) {
      if (cidrField != null) {
        warn.accept(cidrField, "has no effect without use-forwarded-headers: \"true\"");
      }
      return TrustedProxies.NONE;
    }
    List<SourceRanges.Cidr> ranges = new ArrayList<>();
    String field = cidrField == null ? onField : cidrField;
    for (String e : cidrs.split(",", -1)) {
      String t = e.trim();
      if (t.isEmpty()) {
        continue;
      }
      Optional<SourceRanges.Cidr> c = SourceRangeAnnotations.cidr(t);
      if (c.isEmpty()) {
        // A typo must not trust more than was meant, nor silently trust less: nothing is trusted.
        warn.accept(field, Names.quote(t) + " is not an IPv4 or IPv6 address or CIDR; no proxy is trusted");
        return TrustedProxies.NONE;
      }
      ranges.add(c.get());
    }
    if (ranges.isEmpty()) {
      warn.accept(field, "names no range; no proxy is trusted");
      return TrustedProxies.NONE;
    }
    TrustedProxies t = new TrustedProxies(List.copyOf(new TreeSet<>(ranges)));
    if (ranges.stream().anyMatch(c -> c.prefix() == 0)) {
      warn.accept(field, "trusts " + (cidrField == null ? "every IPv4 address (ingress-nginx's default "
          + DEFAULT_CIDR + ")" : "a range of prefix 0") + ": any such client can choose the address that"
          + " source ranges and limits see by sending X-Forwarded-For; name only the proxies in front in"
          + " proxy-real-ip-cidr");
    }
    warn.accept(onField, "only the client's address is taken from X-Forwarded-For: X-Forwarded-Proto, -Host and"
        + " -Port from the proxy in front are not trusted (ingress-nginx trusts them from any client), so a proxy"
        + " that ends TLS in front needs ssl-redirect: \"false\"");
    return t;
  }
}
