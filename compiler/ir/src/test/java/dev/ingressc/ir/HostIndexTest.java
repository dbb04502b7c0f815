package dev.ingressc.ir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The IR's host and certificate choices, as a table: the oracle and nginx both read these. */
class HostIndexTest {

  private static VirtualHost host(String name, HostMatch match) {
    return new VirtualHost(name, match, List.of(), Optional.empty());
  }

  private static TlsCertificate cert(String id, String... hosts) {
    return new TlsCertificate(id, "", new TlsCertificate.PrivateKeyPem(""), List.of(hosts), Instant.EPOCH);
  }

  private static final HostIndex INDEX = new HostIndex(new IngressIR(
      List.of(host("a.foo.com", HostMatch.EXACT), host("*.foo.com", HostMatch.WILDCARD),
          host("*.bar.com", HostMatch.WILDCARD), host("", HostMatch.ANY)),
      Optional.empty(), List.of(),
      List.of(cert("ns/a", "a.foo.com", "b.foo.com"), cert("ns/b", "b.foo.com"), cert("ns/wild", "*.foo.com")),
      Optional.of(cert("ns/default"))));

  @ParameterizedTest(name = "Host {0} -> virtual host [{1}]")
  @CsvSource(delimiter = '|', value = {
      "a.foo.com     | a.foo.com", // exact beats the wildcard that also covers it
      "b.foo.com     | *.foo.com", // one label under the wildcard
      "x.y.foo.com   | ''",        // two labels: only the catch-all
      "foo.com       | ''",        // the bare domain is not covered
      "q.bar.com     | *.bar.com",
      "other.org     | ''",
  })
  void virtualHostByName(String host, String expected) {
    assertThat(INDEX.virtualHost(host)).map(VirtualHost::host).contains(expected);
  }

  @ParameterizedTest(name = "SNI {0} -> certificate {1}")
  @CsvSource(delimiter = '|', value = {
      "a.foo.com   | ns/a",       // exact TLS host
      "b.foo.com   | ns/a",       // two certificates list it: the first by id wins
      "c.foo.com   | ns/wild",    // a wildcard TLS host, one label
      "*.foo.com   | ns/wild",    // the pattern itself, as nginx asks for its server name
      "x.c.foo.com | ns/default", // two labels: the default certificate
      "other.org   | ns/default",
  })
  void certificateBySni(String sni, String expected) {
    assertThat(INDEX.certificateFor(sni)).map(TlsCertificate::id).contains(expected);
  }

  @Test
  void everyListedHostOnceSortedWithTheFirstCertificateByIdThatListsIt() {
    assertThat(INDEX.certificatesByListedHost()).extractingFromEntries(e -> e.getKey() + "=" + e.getValue().id())
        .containsExactly("*.foo.com=ns/wild", "a.foo.com=ns/a", "b.foo.com=ns/a");
  }

  @Test
  void withoutDefaultCertificateAnUnknownSniHasNone() {
    HostIndex index = new HostIndex(new IngressIR(List.of(), Optional.empty(), List.of(),
        List.of(cert("ns/a", "a.foo.com")), Optional.empty()));
    assertThat(index.certificateFor("b.foo.com")).isEmpty();
    assertThat(index.virtualHost("a.foo.com")).isEmpty();
  }

  @Test
  void wildcardPatternOrTheCatchAll() {
    assertThat(INDEX.wildcardOrCatchAll("*.bar.com")).map(VirtualHost::host).contains("*.bar.com");
    assertThat(INDEX.wildcardOrCatchAll("*.baz.com")).map(VirtualHost::isCatchAll).contains(true);
  }

  @Test
  void hostHeadersAreNormalizedBeforeTheLookup() {
    assertThat(HostMatching.normalize(" A.Foo.COM.:8080 ")).isEqualTo("a.foo.com");
    assertThat(HostMatching.normalize("[::1]:80")).isEqualTo("[::1]");
  }
}
