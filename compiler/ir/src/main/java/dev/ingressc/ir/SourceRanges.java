package dev.ingressc.ir;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * ingress-nginx's {@code denylist-source-range} and {@code allowlist-source-range} (or
 * {@code whitelist-source-range}) on one route (SEMANTICS.md, Source ranges). The client address
 * is the connection's, or a trusted proxy's X-Forwarded-For's ({@link TrustedProxies}). A request from an address in {@code deny}, or, when {@code allow} is not
 * empty, in none of {@code allow}, gets 403: deny first, then allow, as ingress-nginx's
 * {@code deny ...; allow ...; deny all;}.
 *
 * @param allow the ranges let in, in canonical form, sorted; empty: every address not denied
 * @param deny the ranges kept out, likewise
 */
public record SourceRanges(List<Cidr> allow, List<Cidr> deny) {
  public SourceRanges {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
    if (allow.isEmpty() && deny.isEmpty()) {
      throw new IllegalArgumentException("source ranges without a range");
    }
  }

  /** Whether a request from {@code client} passes. */
  public boolean admits(InetAddress client) {
    if (deny.stream().anyMatch(c -> c.contains(client))) {
      return false;
    }
    return allow.isEmpty() || allow.stream().anyMatch(c -> c.contains(client));
  }

  /** The range that decides for {@code client}: the deny range it is in, else the allow range, else none. */
  public Optional<Cidr> deciding(InetAddress client) {
    return deny.stream().filter(c -> c.contains(client)).findFirst()
        .or(() -> allow.stream().filter(c -> c.contains(client)).findFirst());
  }

  /**
   * An IPv4 or IPv6 range: the network address (host bits zero) and the prefix length.
   *
   * @param address the network address as {@link InetAddress#getHostAddress()} writes it (IPv6 uncompressed)
   * @param prefix 0-32 for IPv4, 0-128 for IPv6
   */
  public record Cidr(String address, int prefix) implements Comparable<Cidr> {
    public Cidr {
      byte[] b = bytes(address);
      if (prefix < 0 || prefix > b.length * 8) {
        throw new IllegalArgumentException("prefix " + prefix + " out of range for " + address);
      }
    }

    /** The range as written in every proxy's configuration: {@code address/prefix}. */
    @Override
    public String toString() {
      return address + "/" + prefix;
    }

    public boolean ipv6() {
      return address.indexOf(':') >= 0;
    }

    /** Whether {@code client} is in the range (an IPv4 client is never in an IPv6 range, nor the reverse). */
    public boolean contains(InetAddress client) {
      byte[] net = bytes(address);
      byte[] c = client.getAddress();
      if (c.length != net.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (c[i] != net[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (c[full] & mask) == (net[full] & mask);
    }

    @Override
    public int compareTo(Cidr o) {
      byte[] a = bytes(address);
      byte[] b = bytes(o.address);
      if (a.length != b.length) {
        return Integer.compare(a.length, b.length); // IPv4 first
      }
      int c = java.util.Arrays.compareUnsigned(a, b);
      return c != 0 ? c : Integer.compare(prefix, o.prefix);
    }

    private static byte[] bytes(String literal) {
      return IpLiterals.parse(literal).orElseThrow(() -> new IllegalArgumentException("not an address literal: "
          + literal)).getAddress();
    }
  }
}
