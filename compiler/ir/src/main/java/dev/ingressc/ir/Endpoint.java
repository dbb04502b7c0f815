package dev.ingressc.ir;

/**
 * One server of an upstream.
 *
 * @param address an IPv4 or IPv6 literal (no brackets), or a DNS name for {@link UpstreamKind#DNS}
 * @param port the TCP port
 */
public record Endpoint(String address, int port) implements Comparable<Endpoint> {

  public boolean isIpv6() {
    return address.indexOf(':') >= 0;
  }

  /** {@code address:port}, with IPv6 addresses in brackets. */
  public String hostPort() {
    return (isIpv6() ? "[" + address + "]" : address) + ":" + port;
  }

  @Override
  public int compareTo(Endpoint o) {
    int c = address.compareTo(o.address);
    return c != 0 ? c : Integer.compare(port, o.port);
  }
}
