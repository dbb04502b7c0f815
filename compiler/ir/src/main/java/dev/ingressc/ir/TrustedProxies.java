package dev.ingressc.ir;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The proxies in front whose {@code X-Forwarded-For} names the client (SEMANTICS.md, Client
 * address): ingress-nginx's {@code use-forwarded-headers} with {@code proxy-real-ip-cidr}, walked
 * as nginx's {@code real_ip_recursive on} walks it. Listener-wide, like the proxies' own settings.
 *
 * @param ranges the trusted ranges, canonical and sorted; empty: no proxy is trusted and the client
 *     address is always the connection's
 */
public record TrustedProxies(List<SourceRanges.Cidr> ranges) {
  /** The most entries Envoy reads from an X-Forwarded-For; a longer one from a trusted proxy gets 403 on every target. */
  public static final int MAX_ENTRIES = 20;

  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  public TrustedProxies {
    ranges = List.copyOf(ranges);
  }

  public boolean any() {
    return !ranges.isEmpty();
  }

  public boolean trusts(InetAddress a) {
    return ranges.stream().anyMatch(c -> c.contains(a));
  }

  /**
   * Where a request's client address comes from.
   *
   * @param client the address ranges, limits and the forwarding headers use
   * @param forwarded whether it was read from X-Forwarded-For (else it is the connection's)
   * @param refused whether the request gets 403: a trusted proxy sent more than {@link #MAX_ENTRIES} entries
   */
  public record Client(InetAddress client, boolean forwarded, boolean refused) {}

  /**
   * The client of a request from {@code peer} carrying {@code xff} (the X-Forwarded-For fields
   * joined by commas; empty when none). When {@code peer} is trusted, entries are read from the
   * right, split at commas and spaces: each trusted address read leads to the one before it; the
   * first untrusted one is the client; when all are trusted, the leftmost. An entry that is no
   * address (a port after it is allowed: {@code 1.2.3.4:80}, {@code [::1]:80}) ends the walk at the
   * last address read, as nginx's realip module ends it.
   */
  public Client clientOf(InetAddress peer, Optional<String> xff) {
    if (xff.isEmpty() || !trusts(peer)) {
      return new Client(peer, false, false);
    }
    String value = xff.get();
    if (value.split(",", -1).length > MAX_ENTRIES) {
      return new Client(peer, false, true);
    }
    InetAddress current = peer;
    boolean forwarded = false;
    int end = value.length();
    while (trusts(current)) {
      while (end > 0 && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == ',')) {
        end--;
      }
      if (end == 0) {
        break;
      }
      int start = end;
      while (start > 0 && value.charAt(start - 1) != ' ' && value.charAt(start - 1) != ',') {
        start--;
      }
      Optional<InetAddress> a = entry(value.substring(start, end));
      if (a.isEmpty()) {
        break;
      }
      current = a.get();
      forwarded = true;
      end = start;
    }
    return new Client(current, forwarded, false);
  }

  /** One entry: an address, maybe with a port ({@code 1.2.3.4:80}, {@code [2001:db8::1]:80}, {@code [2001:db8::1]}). */
  static Optional<InetAddress> entry(String e) {
    if (e.startsWith("[")) {
      int close = e.indexOf(']');
      if (close < 0 || !(close == e.length() - 1 || port(e.substring(close + 1)))) {
        return Optional.empty();
      }
      String inside = e.substring(1, close);
      return inside.indexOf(':') < 0 ? Optional.empty() : IpLiterals.parse(inside);
    }
    Optional<InetAddress> whole = IpLiterals.parse(e);
    if (whole.isPresent()) {
      return whole;
    }
    int colon = e.lastIndexOf(':');
    if (colon > 0 && e.indexOf(':') == colon && port(e.substring(colon))) {
      return IpLiterals.parse(e.substring(0, colon));
    }
    return Optional.empty();
  }

  private static boolean port(String colonAndDigits) {
    return colonAndDigits.matches(":[0-9]{1,5}") && Integer.parseInt(colonAndDigits.substring(1)) <= 65535;
  }
}
