package dev.ingressc.validate;

import static dev.ingressc.validate.ValidationFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Severity;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Rejections of rule hosts and tls entries (hosts and secret names), and which IPv6 literals are recognized. */
class ValidationHostsTest {
  /** Endpoint and resource-backend IPv6 addresses: only real literals, never looked up. */
  @ParameterizedTest
  @ValueSource(strings = {"::1", "fd00::11", "1:2:3:4:5:6:7:8", "::ffff:10.0.0.1", "fe80::"})
  void ipv6LiteralsAreAccepted(String s) {
    assertThat(Names.isIpv6Literal(s)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"::::", "1::2::3", ":", ".:1", "1:2:3:4:5:6:7:8:9", "12345::1", "::1%eth0", "[::1]",
      "fd00::1.2", "localhost", "10.0.0.1", ""})
  void anythingElseIsNotAnIpv6Literal(String s) {
    assertThat(Names.isIpv6Literal(s)).isFalse();
  }


  // ---- host

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Foo.example.com  | \"Foo.example.com\" must be lowercase (write \"foo.example.com\")",
      "FOO.COM          | \"FOO.COM\" must be lowercase (write \"foo.com\")",
      "1.2.3.4          | \"1.2.3.4\" must be a DNS name, not an IP address",
      "'::1'            | \"::1\" must be a DNS name, not an IP address",
      "'[::1]'          | \"[::1]\" must be a DNS name, not an IP address",
      "'2001:db8::1'    | \"2001:db8::1\" must be a DNS name, not an IP address",
      "foo.com:80       | \"foo.com:80\" must not contain a port: Ingress hosts match on the name only",
      "'*'              | a bare '*' is not a valid host; use a wildcard such as '*.example.com', or omit host to match every host",
      "a.*.com          | \"a.*.com\": '*' is allowed only as the whole first label, as in '*.example.com'",
      "foo.com.*        | \"foo.com.*\": '*' is allowed only as the whole first label, as in '*.example.com'",
      "*foo.com         | \"*foo.com\": '*' is allowed only as the whole first label, as in '*.example.com'",
      "'*.*.com'        | \"*.*.com\": '*' is allowed only as the whole first label, as in '*.example.com'",
      "foo_bar.com      | \"foo_bar.com\" is not a valid host: lowercase letters, digits, '-' and '.', each label starting and ending with a letter or digit, optionally with a leading '*.' wildcard label",
      "-foo.com         | \"-foo.com\" is not a valid host: lowercase letters, digits, '-' and '.', each label starting and ending with a letter or digit, optionally with a leading '*.' wildcard label",
      "foo..com         | \"foo..com\" is not a valid host: lowercase letters, digits, '-' and '.', each label starting and ending with a letter or digit, optionally with a leading '*.' wildcard label",
  })
  void invalidHosts(String hostScalar, String message) {
    String host = hostScalar.startsWith("'") ? hostScalar : Manifests.quote(hostScalar);
    assertThat(rejected(ingress(host, "/x", "Prefix"))).containsExactly(error(8, "spec.rules[0].host", message));
  }

  @Test
  void hostLabelLongerThan63IsRejected() {
    String host = "a".repeat(64) + ".com";
    assertThat(rejected(ingress(host, "/x", "Prefix")))
        .containsExactly(error(8, "spec.rules[0].host", "\"" + host + "\" has a label longer than 63 characters"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"foo.com", "*.foo.com", "a-b.c-d.example", "x", "0.example.com", "*.com"})
  void validHostsAreAccepted(String host) {
    Compiled c = Compiled.of(ingress(Manifests.quote(host), "/x", "Prefix"));
    assertThat(c.diagnostics(Severity.ERROR)).isEmpty();
  }

  // ---- tls

  static final String TLS_TEMPLATE = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: bad
        namespace: shop
      spec:
        tls:
        - hosts:
          - HOST
          secretName: SECRET
        rules:
        - host: foo.example.com
          http:
            paths:
            - path: /
              pathType: Prefix
              backend:
                service:
                  name: web
                  port:
                    number: 80
      """;

  @ParameterizedTest(name = "tls host {0}")
  @CsvSource(delimiter = '|', value = {
      "Foo.example.com | \"Foo.example.com\" must be lowercase (write \"foo.example.com\")",
      "'*'             | a bare '*' is not a valid host; use a wildcard such as '*.example.com', or omit host to match every host",
      "10.0.0.1        | \"10.0.0.1\" must be a DNS name, not an IP address",
      "foo.com:443     | \"foo.com:443\" must not contain a port: Ingress hosts match on the name only",
      "EMPTY           | a tls host must not be empty",
  })
  void invalidTlsHost(String hostScalar, String message) {
    String host = hostScalar.equals("EMPTY") ? "\"\"" : hostScalar.startsWith("'") ? hostScalar : Manifests.quote(hostScalar);
    assertThat(rejected(TLS_TEMPLATE.replace("HOST", host).replace("SECRET", "cert")))
        .containsExactly(error(9, "spec.tls[0].hosts[0]", message));
  }

  @Test
  void invalidTlsSecretName() {
    assertThat(rejected(TLS_TEMPLATE.replace("HOST", "foo.example.com").replace("SECRET", "Bad_Name")))
        .containsExactly(error(10, "spec.tls[0].secretName", "\"Bad_Name\" is not a valid RFC 1123 subdomain: lowercase"
            + " letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters"));
  }

  @Test
  void nullTlsEntry() {
    String yaml = TLS_TEMPLATE.replace("  - hosts:\n    - HOST\n    secretName: SECRET\n", "  - null\n");
    assertThat(rejected(yaml)).containsExactly(error(8, "spec.tls[0]", "a tls entry must not be null"));
  }
}
