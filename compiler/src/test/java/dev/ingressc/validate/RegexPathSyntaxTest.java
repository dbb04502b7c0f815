package dev.ingressc.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.ir.RegexPaths;
import dev.ingressc.ir.RequestTargets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SEMANTICS.md, "Regex paths": the syntax every engine runs alike, and the forms the targets run. */
class RegexPathSyntaxTest {
  @ParameterizedTest
  @ValueSource(strings = {"/api/.*", "/api(/|$)(.*)", "/v[0-9]+/users", "/static/(?:css|js)/[a-z_-]+\\.css$",
      "/a{2}/b{1,3}c{4,}", "/x+?", "/[^/]+/\\d\\w\\D\\W", "/a\\.b\\(c\\)\\[d\\]\\{e\\}\\*\\+\\?\\|\\$\\\\", "/(a|)b",
      "/[.?|{}$]"})
  void acceptsTheCommonSubset(String regex) {
    assertThat(PathRules.regexProblems(regex)).isEmpty();
    assertThat(RegexSyntax.problem(regex)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "/a(?=b);a lookahead",
      "/a(?!b);a lookahead",
      "/(?<=a)b;a lookbehind",
      "/(?<!a)b;a lookbehind",
      "/(a)\\1;a backreference (\\1)",
      "/(?<n>a)\\k<n>;a named group",
      "/(?P<n>a);a named group",
      "/a*+;a possessive quantifier",
      "/a++;a possessive quantifier",
      "/(?>a);an atomic group",
      "/a\\Kb;\\K",
      "/(?R);recursion",
      "/(a)(?1);recursion",
      "/(?(1)a|b);a conditional",
      "/(?i)a;inline flags",
      "/(*FAIL);a backtracking verb",
      "/[[:alpha:]];a POSIX class",
      "/\\p{L};a Unicode property",
      "/\\Qa\\E;quoting",
      "/a\\b;the assertion \\b",
      "/a|/b;'|' outside a group",
      "/a^;'^'",
      "/a{,3};a literal '{'",
      "/a{1001};a repetition count over 1000",
      "/a{3,2};whose maximum is below its minimum",
      "/a**;a quantifier on a quantifier",
      "/(a;an unclosed group",
      "/a);an unmatched ')'",
      "/[a;an unclosed class",
      "/[]a];an empty class",
      "/[a&&b];'&&' inside a class",
      "/[A-z];a range 'A-z'",
      "/\\x41;the escape \\x",
      "/$*;a quantifier '*' after an anchor"})
  void refusesWhatEnginesDoNotShareByName(String regex, String construct) {
    assertThat(RegexSyntax.problem(regex)).hasValueSatisfying(p -> assertThat(p).contains(construct));
    assertThat(PathRules.regexProblems(regex)).singleElement().asString().contains(construct);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a\"b", "/a b", "/a;b", "/a#b", "/a%41", "/a'b", "/a\nb", "/é"})
  void refusesCharactersThatCouldCarryConfiguration(String regex) {
    assertThat(PathRules.regexProblems(regex)).singleElement().asString().contains("not allowed in a regex path");
  }

  @Test
  void refusesWhatRe2RefusesOrWhatExceedsEnvoysProgramSize() {
    // The syntax check is stricter than RE2; RE2's own refusal is still checked (a backreference).
    assertThat(RegexPrograms.problem("/(a)\\1")).hasValueSatisfying(p -> assertThat(p).contains("RE2 (Envoy's regex engine) refuses it"));
    assertThat(RegexPrograms.programSize(RegexPaths.fullMatch("/a"))).isLessThan(RegexPrograms.ENVOY_MAX_PROGRAM_SIZE);
    assertThat(PathRules.regexProblems("/[a-z]{100}")).singleElement().asString()
        .contains("program size is about").contains("over Envoy's limit of 100");
    assertThat(PathRules.regexProblems("/[a-z]{20}")).isEmpty();
  }

  @Test
  void aRegexMatchesCaseInsensitivelyAnchoredAtTheStartOnly() {
    assertThat(RegexPaths.matches("/api/v[0-9]+", "/API/V12/users")).isTrue();
    assertThat(RegexPaths.matches("/api/v[0-9]+", "/x/api/v1")).isFalse();
    assertThat(RegexPaths.matches("/foo", "/foobar")).isTrue();
    assertThat(RegexPaths.matches("/foo$", "/foo/")).isFalse();
  }

  @Test
  void classesMatchOnlyRuleCharactersSoAKeptEscapeEndsEveryMatch() {
    // "%20" stays in the canonical path; '.' matches no '%' there, and no decoded space on nginx or HAProxy.
    assertThat(RegexPaths.matches("/a/.+$", "/a/x%20y")).isFalse();
    assertThat(RegexPaths.matches("/a/.+", "/a/x%20y")).isTrue();
    assertThat(RegexPaths.matches("/a/[^/]+$", "/a/x y")).isFalse();
    assertThat(RegexPaths.ruleCharForm("/a.b")).doesNotContain("%").doesNotContain(" ");
  }

  /**
   * Envoy matches the raw path: its form must match a raw target exactly when the oracle's form
   * matches that target's canonical path. RE2/J stands in for Envoy's RE2; targets are random
   * mixes of escaped rule characters and kept escapes. Runs of slashes are left out: there the raw
   * form may match more (SEMANTICS.md, "Regex paths", Envoy; {@link #aSlashRunMayMatchMoreOnEnvoy}).
   */
  @Test
  void theRawPathFormAgreesWithTheCanonicalPathOnRandomTargets() {
    List<String> regexes = List.of("/api/.*", "/api(/|$)(.*)", "/v[0-9]+/users$", "/[^/]+/b", "/a.c", "/a/\\w+\\.txt$",
        "/(?:x|y)z{2}/", "/.{3}$", "/a/[^a-c]+$", "/\\W+");
    Random random = new Random(17);
    String alphabet = "abc.xyzAXV0129_-~!*()";
    int compared = 0;
    for (int n = 0; n < 4000; n++) {
      StringBuilder target = new StringBuilder("/");
      int len = random.nextInt(12);
      for (int i = 0; i < len; i++) {
        int kind = random.nextInt(10);
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        if (kind == 0) {
          target.append(String.format(random.nextBoolean() ? "%%%02X" : "%%%02x", (int) c));
        } else if (kind == 1) {
          target.append(random.nextBoolean() ? "%20" : "%C3%A9");
        } else if (kind == 2 && target.charAt(target.length() - 1) != '/') {
          target.append('/');
        } else {
          target.append(c);
        }
      }
      if (!(RequestTargets.canonicalize(target.toString()) instanceof RequestTargets.Canonical canonical)) {
        continue;
      }
      for (String regex : regexes) {
        boolean oracle = RegexPaths.matches(regex, canonical.path());
        boolean envoy = com.google.re2j.Pattern.compile(RegexPaths.rawPathFullMatch(regex)).matches(target.toString());
        if (oracle != envoy) {
          mismatches.add(regex + " on " + target + " (canonical " + canonical.path() + "): oracle " + oracle);
        }
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(10000);
    assertThat(mismatches).isEmpty();
  }

  /** The one known difference, kept in sight: two slash atoms in a row share a run of slashes. */
  @Test
  void aSlashRunMayMatchMoreOnEnvoy() {
    assertThat(RegexPaths.matches("/api/.*/x", "/api/x")).isFalse();
    assertThat(com.google.re2j.Pattern.compile(RegexPaths.rawPathFullMatch("/api/.*/x")).matches("/api//x")).isTrue();
    // A regex whose slash atoms cannot meet agrees on slash runs too.
    assertThat(com.google.re2j.Pattern.compile(RegexPaths.rawPathFullMatch("/api/[a-z]+$")).matches("//api//v")).isTrue();
    assertThat(RegexPaths.matches("/api/[a-z]+$", "/api/v")).isTrue();
  }

  private final List<String> mismatches = new ArrayList<>();
}
