package dev.ingressc.ir;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The walk of SEMANTICS.md, Client address, as nginx's realip module with real_ip_recursive on
 * walks X-Forwarded-For: from the right, past trusted addresses, to the first untrusted one.
 */
class TrustedProxiesTest {
  private static final TrustedProxies TRUSTED = new TrustedProxies(List.of(
      new SourceRanges.Cidr("10.0.0.0", 8), new SourceRanges.Cidr("2001:db8:0:0:0:0:0:0", 32)));

  @ParameterizedTest(name = "from {0}, X-Forwarded-For \"{1}\": client {2}")
  @CsvSource(delimiter = '|', nullValues = "NONE", value = {
      // An untrusted peer's header is never read.
      "192.0.2.1 | 198.51.100.7 | 192.0.2.1 | false",
      // A trusted peer without the header is the client.
      "10.1.1.1 | NONE | 10.1.1.1 | false",
      "10.1.1.1 | 198.51.100.7 | 198.51.100.7 | true",
      // Read from the right: the client's own entries to the left of the first untrusted one are forged.
      "10.1.1.1 | 203.0.113.9, 198.51.100.7 | 198.51.100.7 | true",
      // Past trusted entries, to the first untrusted one.
      "10.1.1.1 | 198.51.100.7, 10.2.2.2,10.3.3.3 | 198.51.100.7 | true",
      // All trusted: the leftmost.
      "10.1.1.1 | 10.9.9.9, 10.2.2.2 | 10.9.9.9 | true",
      // An entry that is no address ends the walk at the last address read.
      "10.1.1.1 | bogus, 10.2.2.2 | 10.2.2.2 | true",
      "10.1.1.1 | 10.2.2.2 bogus | 10.1.1.1 | false",
      // Ports, brackets, spaces and empty entries, as nginx reads them.
      "10.1.1.1 | 198.51.100.7:4711 | 198.51.100.7 | true",
      "10.1.1.1 | [2001:db9::1]:443 | 2001:db9:0:0:0:0:0:1 | true",
      "10.1.1.1 | 2001:db9::1 ,, | 2001:db9:0:0:0:0:0:1 | true",
      "2001:db8::5 | 198.51.100.7 | 198.51.100.7 | true",
      // An IPv4 address is never in an IPv6 range.
      "10.1.1.1 | ::ffff:10.1.1.1 | 10.1.1.1 | false",
  })
  void walksFromTheRight(String peer, String xff, String client, boolean forwarded) throws Exception {
    TrustedProxies.Client c = TRUSTED.clientOf(InetAddress.getByName(peer), Optional.ofNullable(xff));
    assertThat(c.client().getHostAddress()).isEqualTo(client);
    assertThat(c.forwarded()).isEqualTo(forwarded);
    assertThat(c.refused()).isFalse();
  }

  @ParameterizedTest(name = "{0} entries from a trusted proxy: refused {1}")
  @CsvSource({"20, false", "21, true"})
  void moreThanTwentyEntriesFromATrustedProxyAreRefused(int entries, boolean refused) throws Exception {
    String xff = String.join(",", java.util.Collections.nCopies(entries, "198.51.100.7"));
    assertThat(TRUSTED.clientOf(InetAddress.getByName("10.1.1.1"), Optional.of(xff)).refused()).isEqualTo(refused);
    assertThat(TRUSTED.clientOf(InetAddress.getByName("192.0.2.1"), Optional.of(xff)).refused()).isFalse();
  }

  @ParameterizedTest(name = "no proxy trusted: {0}")
  @CsvSource({"10.1.1.1", "192.0.2.1"})
  void withoutTrustedProxiesTheClientIsTheConnection(String peer) throws Exception {
    TrustedProxies.Client c = TrustedProxies.NONE.clientOf(InetAddress.getByName(peer), Optional.of("198.51.100.7"));
    assertThat(c.client().getHostAddress()).isEqualTo(peer);
    assertThat(c.forwarded()).isFalse();
  }
}
