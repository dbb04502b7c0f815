package dev.ingressc.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rejection: the API server's rules and ingressc's own character rule. Each test checks the
 * diagnostic's severity, object, file, line, field path and message, and that the Ingress is
 * rejected whole while the rest of the input still compiles.
 */
class ValidationTest {
  static final String FILE = Compiled.FILE;
  static final String OBJECT = "Ingress shop/bad";
  static final String PATH_FIELD = "spec.rules[0].http.paths[1]";
  static final String ALLOWED = "a path may hold only letters, digits and - . _ ~ ! & ( ) * + , = : @ /";

  /**
   * An Ingress whose second path is under test. Line numbers: host on 8, the second path entry on
   * 18 (its {@code path} key), pathType on 19, backend on 20, port on 23.
   */
  static final String TEMPLATE = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: bad
        namespace: shop
      spec:
        rules:
        - host: HOST
          http:
            paths:
            - path: /ok
              pathType: Prefix
              backend:
                service:
                  name: web
                  port:
                    number: 80
            - path: PATH
              pathType: TYPE
              backend:
                service:
                  name: web
                  port:
                    number: 80
      """;

  /** A valid Ingress in the same file, after the bad one, that must still compile. */
  static final String GOOD = """
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: good
        namespace: shop
      spec:
        rules:
        - host: good.example.com
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

  static String ingress(String host, String pathScalar, String type) {
    return TEMPLATE.replace("HOST", host).replace("PATH", pathScalar).replace("TYPE", type);
  }

  /** Compiles {@code bad} plus a good Ingress; checks the bad one is rejected whole and the good one is served. */
  static List<Diagnostic> rejected(String bad) {
    Compiled c = Compiled.of(bad + GOOD);
    assertThat(c.compilation().takenIngresses()).as(c.toString()).containsExactly("shop/good");
    assertThat(c.target("good.example.com", "/")).isEqualTo("web");
    // not even the valid first path of the bad Ingress is served
    assertThat(c.ir().virtualHosts()).extracting(v -> v.host()).containsExactly("good.example.com");
    assertThat(c.diagnostics(Severity.ERROR)).as(c.toString()).contains(new Diagnostic(Severity.ERROR, OBJECT, FILE, 1, "",
        "the Ingress is rejected whole because of the errors reported for its fields; the rest of the input is still compiled"));
    return c.diagnostics(Severity.ERROR).stream().filter(d -> !d.field().isEmpty()).toList();
  }

  static Diagnostic error(int line, String field, String message) {
    return new Diagnostic(Severity.ERROR, OBJECT, FILE, line, field, message);
  }

  static List<Diagnostic> rejectedPath(String pathScalar, String type) {
    return rejected(ingress("foo.example.com", pathScalar, type));
  }

  // ---- pathType

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

  @Test
  void missingPathType() {
    String yaml = ingress("foo.example.com", "/x", "Prefix").replace("  - path: /x\n        pathType: Prefix\n",
        "  - path: /x\n");
    assertThat(yaml).contains("/ok").doesNotContain("/x\n        pathType");
    assertThat(rejected(yaml)).containsExactly(
        error(18, PATH_FIELD + ".pathType", "pathType is required: Exact, Prefix or ImplementationSpecific"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Regex", "prefix", "exact", "Implementation"})
  void invalidPathType(String type) {
    assertThat(rejectedPath("/x", type)).containsExactly(error(19, PATH_FIELD + ".pathType",
        "\"" + type + "\" is not a pathType: use Exact, Prefix or ImplementationSpecific"));
  }

  // ---- path

  @ParameterizedTest
  @ValueSource(strings = {"Exact", "Prefix", "ImplementationSpecific"})
  void pathMustBeAbsolute(String type) {
    assertThat(rejectedPath("foo/bar", type)).containsExactly(
        error(18, PATH_FIELD + ".path", "\"foo/bar\" must be an absolute path (start with '/')"));
  }

  /** nginx matches only 255 bytes of a location name: a longer path would route wrongly. */
  @ParameterizedTest
  @ValueSource(strings = {"Exact", "Prefix", "ImplementationSpecific"})
  void pathLongerThanEveryProxyMatchesIsRejected(String type) {
    String tooLong = "/" + "a".repeat(ProxyLimits.MAX_PATH_LENGTH);
    assertThat(rejectedPath(tooLong, type)).containsExactly(error(18, PATH_FIELD + ".path",
        "the path is 255 characters long; the longest every proxy matches correctly is 254 (nginx matches only 255 bytes of a location)"));
    String longest = "/" + "a".repeat(ProxyLimits.MAX_PATH_LENGTH - 1);
    Compiled c = Compiled.of(ingress("foo.example.com", longest, type) + GOOD);
    assertThat(c.diagnostics(Severity.ERROR)).isEmpty();
    assertThat(c.target("foo.example.com", longest)).isEqualTo("web");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Exact", "Prefix", "ImplementationSpecific"})
  void pathIsRequired(String type) {
    assertThat(rejectedPath("\"\"", type)).containsExactly(error(18, PATH_FIELD + ".path", "path is required"));
  }

  /** The API server's extra rules for Exact and Prefix paths. */
  @ParameterizedTest(name = "{1} {0}: {2}")
  @CsvSource(delimiter = '|', value = {
      "/a//b   | Exact  | must not contain '//'",
      "/a//b   | Prefix | must not contain '//'",
      "//      | Prefix | must not contain '//'",
      "/a/./b  | Exact  | must not contain '/./'",
      "/a/./b  | Prefix | must not contain '/./'",
      "/a/../b | Exact  | must not contain '/../'",
      "/a/../b | Prefix | must not contain '/../'",
      "/a/..   | Exact  | cannot end with '/..'",
      "/a/..   | Prefix | cannot end with '/..'",
      "/..     | Prefix | cannot end with '/..'",
      "/a/.    | Exact  | cannot end with '/.'",
      "/a/.    | Prefix | cannot end with '/.'",
      "/.      | Exact  | cannot end with '/.'",
  })
  void apiServerPathRules(String path, String type, String rule) {
    assertThat(rejectedPath(path, type)).containsExactly(
        error(18, PATH_FIELD + ".path", "\"" + path + "\" " + rule));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Exact", "Prefix"})
  void encodedSlashIsRejectedByBothTheApiRuleAndThePercentRule(String type) {
    for (String seq : List.of("%2f", "%2F")) {
      String path = "/a" + seq + "b";
      assertThat(rejectedPath(path, type)).containsExactlyInAnyOrder(
          error(18, PATH_FIELD + ".path", "\"" + path + "\" must not contain '" + seq + "'"),
          error(18, PATH_FIELD + ".path", "\"" + path + "\" contains '%' (write the decoded character:"
              + " a request's escapes are decoded before matching), which is not allowed: " + ALLOWED));
    }
  }

  /** The API server's sequence rules are for Exact and Prefix only; ImplementationSpecific may hold them. */
  @ParameterizedTest
  @ValueSource(strings = {"/a//b", "/a/./b", "/a/../b", "/a/..", "/a/."})
  void implementationSpecificSkipsTheExactAndPrefixRules(String path) {
    Compiled c = Compiled.of(ingress("foo.example.com", path, "ImplementationSpecific"));
    assertThat(c.diagnostics(Severity.ERROR)).isEmpty();
    assertThat(c.compilation().takenIngresses()).containsExactly("shop/bad");
  }

  /** No character that a proxy's config language could read as syntax may reach an emitter, whatever the pathType. */
  @ParameterizedTest(name = "{0} ({2})")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      // YAML scalar                | as quoted in the message | description in the message
      "\"/a b\"                      | \"/a b\"                 | whitespace (\\u0020)",
      "\"/a\\tb\"                    | \"/a\\u0009b\"           | whitespace (\\u0009)",
      "\"/a\\x01b\"                  | \"/a\\u0001b\"           | a control character (\\u0001)",
      "\"/a\\x7fb\"                  | \"/a\\u007fb\"           | a control character (\\u007f)",
      "'/a\"b'                       | \"/a\\\"b\"              | '\"'",
      "\"/a'b\"                      | \"/a'b\"                 | '''",
      "\"/a;b\"                      | \"/a;b\"                 | ';'",
      "\"/a{b\"                      | \"/a{b\"                 | '{'",
      "\"/a}b\"                      | \"/a}b\"                 | '}'",
      "\"/a$b\"                      | \"/a$b\"                 | '$'",
      "\"/a#b\"                      | \"/a#b\"                 | '#'",
      "\"/a\\\\b\"                   | \"/a\\\\b\"              | '\\'",
      "\"/a%41\"                     | \"/a%41\"                | '%' (write the decoded character: a request's escapes are decoded before matching)",
      "\"/a?b\"                      | \"/a?b\"                 | '?' (the query string never takes part in matching)",
      "\"/a<b\"                      | \"/a<b\"                 | '<'",
      "\"/a^b\"                      | \"/a^b\"                 | '^'",
      "\"/a[b\"                      | \"/a[b\"                 | '['",
      "\"/é\"                        | \"/é\"                   | a non-ASCII character (\\u00e9)",
  })
  void forbiddenCharacters(String scalar, String quoted, String what) {
    for (String type : List.of("Exact", "Prefix", "ImplementationSpecific")) {
      assertThat(rejectedPath(scalar, type)).as(type).containsExactly(
          error(18, PATH_FIELD + ".path", quoted + " contains " + what + ", which is not allowed: " + ALLOWED));
    }
  }

  /** The characters that the table above cannot hold. */
  @ParameterizedTest
  @ValueSource(strings = {"`", "|"})
  void backtickAndPipeAreForbidden(String c) {
    assertThat(rejectedPath("\"/a" + c + "b\"", "Prefix")).containsExactly(
        error(18, PATH_FIELD + ".path", "\"/a" + c + "b\" contains '" + c + "', which is not allowed: " + ALLOWED));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/a-b_c.d~e", "/a!b&c(d)e*f+g,h=i:j@k", "/A/Z/0/9/", "/api/v1/"})
  void allowedPathsAreAccepted(String path) {
    for (String type : List.of("Exact", "Prefix", "ImplementationSpecific")) {
      Compiled c = Compiled.of(ingress("foo.example.com", Manifests.quote(path), type));
      assertThat(c.diagnostics(Severity.ERROR)).as(type + " " + path).isEmpty();
    }
  }

  @Test
  void implementationSpecificPathThatLooksLikeARegexIsWarnedAndMatchedLiterally() {
    String yaml = ingress("foo.example.com", "/api(.*)", "ImplementationSpecific") + GOOD;
    Compiled c = Compiled.of(yaml);
    // (the other warnings say that Service shop/web is missing)
    assertThat(c.diagnostics(Severity.ERROR)).isEmpty();
    assertThat(c.diagnostics()).filteredOn(d -> d.field().endsWith(".path")).containsExactly(
        new Diagnostic(Severity.WARNING, OBJECT, FILE, 18, PATH_FIELD + ".path",
        "\"/api(.*)\" looks like a regular expression, but ImplementationSpecific is treated as Prefix and '(' is"
            + " matched literally"));
    assertThat(c.compilation().takenIngresses()).containsExactlyInAnyOrder("shop/bad", "shop/good");
    assertThat(c.target("foo.example.com", "/api(.*)/x")).isEqualTo("web");
    assertThat(c.target("foo.example.com", "/api/v1")).isEqualTo("404");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"/api//v1", "/api/./v1", "/api/../v1", "/api/."})
  void implementationSpecificPathThatNoCanonicalRequestCanMatchIsWarned(String path) {
    Compiled c = Compiled.of(ingress("foo.example.com", path, "ImplementationSpecific") + GOOD);
    assertThat(c.diagnostics(Severity.ERROR)).isEmpty();
    assertThat(c.diagnostics()).filteredOn(d -> d.field().endsWith(".path")).containsExactly(
        new Diagnostic(Severity.WARNING, OBJECT, FILE, 18, PATH_FIELD + ".path", "\"" + path + "\" holds an empty or"
            + " dot segment (\"//\", \"/./\" or \"/../\"): a request's slashes are merged and its dot segments refused"
            + " before matching, so no request can match this path"));
    // The request that looks like the rule path is canonicalized: merged, or refused.
    assertThat(c.target("foo.example.com", path)).isIn("404", "400");
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

  // ---- backends

  @Test
  void backendWithBothServiceAndResource() {
    String yaml = ingress("foo.example.com", "/x", "Prefix")
        + "          resource:\n            kind: Bucket\n            name: b\n";
    assertThat(rejected(yaml)).contains(
        error(20, PATH_FIELD + ".backend", "a backend must have exactly one of service or resource, not both"));
  }

  @Test
  void backendWithNeitherServiceNorResource() {
    String yaml = ingress("foo.example.com", "/x", "Prefix")
        .replace("        backend:\n          service:\n            name: web\n            port:\n              number: 80\n"
            + "\n", "")
        + "";
    // replace only the second path's backend with an empty object
    int at = yaml.lastIndexOf("        backend:");
    yaml = yaml.substring(0, at) + "        backend: {}\n";
    assertThat(rejected(yaml)).containsExactly(
        error(20, PATH_FIELD + ".backend", "a backend must have exactly one of service or resource"));
  }

  @Test
  void missingBackend() {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.lastIndexOf("        backend:"));
    assertThat(rejected(yaml)).containsExactly(error(18, PATH_FIELD + ".backend", "backend is required"));
  }

  @Test
  void portWithBothNameAndNumber() {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.lastIndexOf("              number: 80")) + "              number: 80\n"
        + "              name: http\n";
    assertThat(rejected(yaml)).containsExactly(
        error(23, PATH_FIELD + ".backend.service.port", "a service port must have exactly one of name or number"));
  }

  @Test
  void portWithNeitherNameNorNumber() {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.lastIndexOf("            port:")) + "            port: {}\n";
    assertThat(rejected(yaml)).containsExactly(
        error(23, PATH_FIELD + ".backend.service.port", "a service port must have exactly one of name or number"));
  }

  @Test
  void missingPort() {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.lastIndexOf("            port:"));
    assertThat(rejected(yaml)).containsExactly(
        error(21, PATH_FIELD + ".backend.service.port", "service port is required: give its name or its number"));
  }

  @ParameterizedTest
  @ValueSource(ints = {65536, 70000, -1})
  void portNumberOutOfRange(int number) {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.lastIndexOf("              number: 80")) + "              number: " + number + "\n";
    assertThat(rejected(yaml)).containsExactly(error(24, PATH_FIELD + ".backend.service.port.number",
        number + " is not a port number: it must be 1-65535"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 65535})
  void portNumberBoundsAreAccepted(int number) {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.lastIndexOf("              number: 80")) + "              number: " + number + "\n";
    assertThat(Compiled.of(yaml).diagnostics(Severity.ERROR)).isEmpty();
  }

  @Test
  void invalidServiceName() {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.lastIndexOf("            name: web")) + "            name: Web_1\n"
        + "            port:\n              number: 80\n";
    assertThat(rejected(yaml)).containsExactly(error(22, PATH_FIELD + ".backend.service.name",
        "\"Web_1\" is not a valid Service name (RFC 1035 label): at most 63 lowercase letters, digits and '-',"
            + " starting with a letter and ending with a letter or digit"));
  }

  @Test
  void resourceBackendWithoutKind() {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.lastIndexOf("          service:")) + "          resource:\n            name: b\n";
    assertThat(rejected(yaml)).containsExactly(
        error(21, PATH_FIELD + ".backend.resource.kind", "resource kind is required"));
  }

  // ---- the Ingress as a whole

  @Test
  void ingressWithNeitherRulesNorDefaultBackend() {
    String yaml = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: bad
          namespace: shop
        spec: {}
        """;
    assertThat(rejected(yaml)).containsExactly(error(6, "spec", "an Ingress needs rules, a defaultBackend, or both"));
    String emptyRules = yaml.replace("spec: {}\n", "spec:\n  rules: []\n");
    assertThat(rejected(emptyRules)).containsExactly(error(6, "spec", "an Ingress needs rules, a defaultBackend, or both"));
  }

  @Test
  void ingressWithOnlyADefaultBackendIsValid() {
    Compiled c = Compiled.docs("""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: only-default
        spec:
          defaultBackend:
            service:
              name: web
              port:
                number: 80
        """, Manifests.service("web", 80));
    assertThat(c.diagnostics(Severity.ERROR)).isEmpty();
    assertThat(c.target("any.host", "/any/path")).isEqualTo("web");
  }

  @Test
  void invalidDefaultBackend() {
    String yaml = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: bad
          namespace: shop
        spec:
          defaultBackend:
            service:
              name: web
              port:
                number: 0
        """;
    assertThat(rejected(yaml)).containsExactly(
        error(10, "spec.defaultBackend.service.port", "a service port must have exactly one of name or number"));
  }

  @Test
  void httpWithoutPaths() {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.indexOf("      paths:")) + "      paths: []\n";
    assertThat(rejected(yaml)).containsExactly(error(10, "spec.rules[0].http.paths", "http needs at least one path"));
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

  // ---- several problems, several Ingresses

  @Test
  void everyProblemOfTheIngressIsReported() {
    String yaml = ingress("Foo.example.com", "/a b", "Exact");
    assertThat(rejected(yaml)).extracting(Diagnostic::field)
        .containsExactlyInAnyOrder("spec.rules[0].host", PATH_FIELD + ".path");
  }

  @Test
  void oneBadIngressDoesNotStopTheOthersInTheSameFile() {
    String first = GOOD.replace("name: good", "name: first").replace("good.example.com", "first.example.com");
    String yaml = first.substring("---\n".length()) + "---\n" + ingress("foo.example.com", "/a;b", "Prefix") + GOOD;
    Compiled c = Compiled.of(yaml);
    assertThat(c.compilation().takenIngresses()).containsExactlyInAnyOrder("shop/first", "shop/good");
    assertThat(c.target("first.example.com", "/")).isEqualTo("web");
    assertThat(c.target("good.example.com", "/")).isEqualTo("web");
    assertThat(c.target("foo.example.com", "/ok")).isEqualTo("404");
    // the bad Ingress starts on line 19 of the file (after 17 lines and a separator); its path is on line 18
    // of its own document
    assertThat(c.diagnostics(Severity.ERROR)).extracting(Diagnostic::line).containsExactlyInAnyOrder(19, 19 + 17);
  }
}
