package dev.ingressc.validate;

import static dev.ingressc.validate.ValidationFixtures.*;
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
 * Rejections of a path and its pathType: the API server's rules and ingressc's own character rule.
 * Each test checks the diagnostic's severity, object, file, line, field path and message, and that
 * the Ingress is rejected whole while the rest of the input still compiles.
 */
class ValidationPathsTest {
  // ---- pathType

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
}
