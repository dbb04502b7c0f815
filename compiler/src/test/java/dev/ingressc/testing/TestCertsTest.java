package dev.ingressc.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The certificate fixture itself: what it generates is what was asked for. */
class TestCertsTest {

  @Test
  void sanStartDateAndValidity() throws Exception {
    Instant start = Instant.parse("2024-01-10T00:00:00Z");
    TestCerts.Cert c = TestCerts.cert().cn("cn.example.com").san("a.example.com", "*.b.example.com")
        .notBefore(start).validityDays(30).generate();
    assertThat(c.certificate().getSubjectAlternativeNames()).extracting(l -> (Object) l.get(1))
        .containsExactlyInAnyOrder("a.example.com", "*.b.example.com");
    assertThat(c.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=cn.example.com");
    assertThat(c.notBefore()).isEqualTo(start);
    assertThat(c.notAfter()).isBetween(start.plus(30, ChronoUnit.DAYS).minusSeconds(1), start.plus(30, ChronoUnit.DAYS));
    assertThat(c.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n");
  }

  @Test
  void noSanMeansNoSanExtension() throws Exception {
    TestCerts.Cert c = TestCerts.cert().cn("only-cn.example.com").generate();
    assertThat(c.certificate().getSubjectAlternativeNames()).isNull();
  }

  @Test
  void keyFormsAreTheSameKey() throws Exception {
    for (TestCerts.KeyType t : TestCerts.KeyType.values()) {
      TestCerts.Cert c = TestCerts.cert().cn("k.example.com").keyType(t).generate();
      assertThat(c.pkcs8KeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
      String legacy = t == TestCerts.KeyType.RSA ? "RSA PRIVATE KEY" : "EC PRIVATE KEY";
      assertThat(c.legacyKeyPem()).startsWith("-----BEGIN " + legacy + "-----\n");
      var key = KeyFactory.getInstance(t.name())
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(c.pkcs8KeyBody())));
      Signature s = Signature.getInstance(t == TestCerts.KeyType.RSA ? "SHA256withRSA" : "SHA256withECDSA");
      s.initSign(key);
      s.update(new byte[] {1, 2, 3});
      byte[] sig = s.sign();
      s.initVerify(c.certificate().getPublicKey());
      s.update(new byte[] {1, 2, 3});
      assertThat(s.verify(sig)).isTrue();
      // the legacy body sits inside the PKCS#8 one (RSA), or holds the same private scalar (EC)
      byte[] pkcs8 = Base64.getDecoder().decode(c.pkcs8KeyBody());
      byte[] legacyDer = Base64.getDecoder().decode(c.legacyKeyBody());
      assertThat(legacyDer[0]).isEqualTo((byte) 0x30);
      if (t == TestCerts.KeyType.RSA) {
        assertThat(indexOf(pkcs8, legacyDer)).isPositive();
      } else {
        // SEC1 carries the curve as [0] parameters
        assertThat(indexOf(legacyDer, new byte[] {(byte) 0xa0})).isPositive();
      }
    }
  }

  @Test
  void variantsGiveDifferentKeysAndTheCacheGivesTheSame() {
    TestCerts.Cert a = TestCerts.cert().cn("v.example.com").variant("1").generate();
    TestCerts.Cert b = TestCerts.cert().cn("v.example.com").variant("2").generate();
    assertThat(a.pkcs8KeyPem()).isNotEqualTo(b.pkcs8KeyPem());
    assertThat(TestCerts.cert().cn("v.example.com").variant("1").generate()).isSameAs(a);
    assertThat(List.of(a, b)).allSatisfy(c -> assertThat(c.toString()).doesNotContain(c.pkcs8KeyBody()));
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
