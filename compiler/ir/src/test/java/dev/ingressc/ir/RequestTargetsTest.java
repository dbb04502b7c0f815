package dev.ingressc.ir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The request-target policy: the algorithm, the proxies' regular expressions, and their agreement. */
class RequestTargetsTest {
  private static final Pattern SEARCH = Pattern.compile(RequestTargets.REFUSED_TARGET);
  private static final Pattern FULL = Pattern.compile(RequestTargets.REFUSED_TARGET_FULL);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ' ', value = {
      "/a/b /a/b",
      "/a/%62 /a/b",
      "/%61/%42 /a/B",
      "/a%7e /a~",
      "/a%7E /a~",
      "/a/%40me /a/@me",
      "/a/%3a%3A /a/::",
      "/a/%21%26%28%29%2a%2B%2c%3d /a/!&()*+,=",
      "/a/%2d%2E%5f /a/-._",
      "/a/%24%27%3b /a/%24%27%3B",
      "/a/%20x /a/%20x",
      "/a/%3Fx /a/%3Fx",
      "/a/%c3%a9 /a/%C3%A9",
      "//a//b/ /a/b/",
      "/// /",
      "/a/b?x=%2F&y=/../.. /a/b",
      "/a/b?%zz /a/b",
      "/a/..x /a/..x",
      "/a/... /a/...",
      "/a/.%2e. /a/...",
      "/a/b%2E /a/b.",
      "/a;b=c/d /a;b=c/d",
  })
  void canonicalPaths(String target, String canonical) {
    assertThat(RequestTargets.canonicalize(target)).isEqualTo(new RequestTargets.Canonical(canonical));
    assertThat(refusedBySearch(target)).isFalse();
    assertThat(FULL.matcher(target).matches()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ' ', value = {
      "/a%2Fb", "/a%2fb", "/a%5Cb", "/a%5cb", "/a%00", "/a%0A", "/a%1f", "/a%7F", "/a%7f", "/a?q=%7F",
      "/a%25", "/a%2541", "/a%", "/a%4", "/a%4?x", "/a%zz", "/a%g1", "/a%%41",
      "/.", "/..", "/a/.", "/a/..", "/a/./b", "/a/../b", "/a/.?x", "/a/..?x", "/%2e", "/%2E%2e/a", "/a/.%2E/",
      "/a//./b", "/a\\b", "/a\"b", "/a<b", "/a>b", "/a^b", "/a`b", "/a{b", "/a}b", "/a|b", "/a[b", "/a]b",
      "/a#b", "/a?b#c", "http://x.foo.com/", "HTTP://x/a", "*", "a/b", "/a\u00e9", "/a\u007fb",
  })
  void refusedTargets(String target) {
    assertThat(RequestTargets.canonicalize(target)).isInstanceOf(RequestTargets.Refused.class);
    if (target.startsWith("/")) {
      assertThat(refusedBySearch(target)).as("search regex").isTrue();
      assertThat(FULL.matcher(target).matches()).as("full-match regex").isTrue();
    }
  }

  @Test
  void spacesAndControlsAreRefusedAnywhere() {
    for (String t : new String[] {"/a b", "/a?b c", "/a\tb", "/a\nb", "/a?\u0001", "/a\u2028b"}) {
      assertThat(RequestTargets.canonicalize(t)).as(t).isInstanceOf(RequestTargets.Refused.class);
      assertThat(refusedBySearch(t)).as(t).isTrue();
      assertThat(FULL.matcher(t).matches()).as(t).isTrue();
    }
  }

  @Test
  void queryCharactersOutsideThePathAreNotPolicedBeyondTheAnywhereClasses() {
    for (String t : new String[] {"/a?x=\"{}|^`[]\\", "/a?%zz%2F%00%25", "/a?x=/../"}) {
      assertThat(RequestTargets.canonicalize(t)).as(t).isEqualTo(new RequestTargets.Canonical("/a"));
      assertThat(refusedBySearch(t)).as(t).isFalse();
      assertThat(FULL.matcher(t).matches()).as(t).isFalse();
    }
  }

  /** The algorithm and both regular expressions agree on random targets built from tricky pieces. */
  @Test
  void regexesAgreeWithTheAlgorithmOnRandomTargets() {
    String[] pieces = {"/", "//", ".", "..", "%2e", "%2E", "a", "B", "~", "%7e", "%41", "%2f", "%2F", "%5c", "%25",
        "%00", "%0a", "%7f", "%20", "%3f", "%", "%4", "%zz", "?", "#", "\"", "\\", "{", "|", "[", ";", "$", "'", "=",
        "@", ":", "+", "*", "(", ")", "!", "&", ",", "-", "_", " ", "\u00e9", "\u0001", "%c3%a9", "%40", "..;"};
    Random random = new Random(14);
    int refused = 0;
    for (int n = 0; n < 200_000; n++) {
      StringBuilder t = new StringBuilder("/");
      int len = random.nextInt(8);
      for (int i = 0; i < len; i++) {
        t.append(pieces[random.nextInt(pieces.length)]);
      }
      String target = t.toString();
      boolean byAlgorithm = RequestTargets.canonicalize(target) instanceof RequestTargets.Refused;
      assertThat(refusedBySearch(target)).as("search regex on %s", target).isEqualTo(byAlgorithm);
      assertThat(FULL.matcher(target).matches()).as("full regex on %s", target).isEqualTo(byAlgorithm);
      refused += byAlgorithm ? 1 : 0;
    }
    assertThat(refused).as("both classes are exercised").isBetween(20_000, 180_000);
  }

  /** A rule's raw-path regex holds exactly when the canonical path matches the rule. */
  @Test
  void rawPathRegexMatchesWhatTheCanonicalPathMatches() {
    String[] rules = {"/", "/a", "/a/", "/a/b", "/a.b", "/a-b/c~d", "/@me", "/x/(y)*+,=:&!", "/A/b", "/aa"};
    String[] pieces = {"/", "//", "a", "%61", "%41", "A", "b", "%62", "%2E", ".", "b.", "-", "%2D", "~", "%7E",
        "@", "%40", "(", "%28", "y", ")", "%29", "*", "%2a", "+", ",", "=", ":", "%3A", "&", "!", "%21", "c", "d",
        "x", "%78", "%20", "%3F", "?q"};
    Random random = new Random(1414);
    int matched = 0;
    for (String rule : rules) {
      for (PathMatch match : java.util.List.of(PathMatch.EXACT, PathMatch.PREFIX)) { // REGEX: RegexPathSyntaxTest
        Pattern re = Pattern.compile(RequestTargets.rawPathRegex(match, rule).orElseThrow());
        String matchPath = match == PathMatch.PREFIX ? PathMatch.trimTrailingSlash(rule) : rule;
        for (int n = 0; n < 20_000; n++) {
          StringBuilder t = new StringBuilder("/");
          int len = random.nextInt(7);
          for (int i = 0; i < len; i++) {
            t.append(pieces[random.nextInt(pieces.length)]);
          }
          String target = t.toString();
          if (!(RequestTargets.canonicalize(target) instanceof RequestTargets.Canonical c)) {
            continue;
          }
          boolean expected = PathMatching.matches(match, matchPath, c.path());
          String rawPath = PathMatching.pathOf(target);
          assertThat(re.matcher(rawPath).matches()).as("%s %s on %s (canonical %s)", match, rule, target, c.path())
              .isEqualTo(expected);
          matched += expected ? 1 : 0;
        }
      }
    }
    assertThat(matched).isGreaterThan(10_000);
  }

  @Test
  void rulesWithEmptyOrDotSegmentsAreUnreachable() {
    assertThat(RequestTargets.rawPathRegex(PathMatch.PREFIX, "/a//b")).isEmpty();
    assertThat(RequestTargets.rawPathRegex(PathMatch.PREFIX, "/a/./b")).isEmpty();
    assertThat(RequestTargets.rawPathRegex(PathMatch.PREFIX, "/a/..")).isEmpty();
    assertThat(RequestTargets.rawPathRegex(PathMatch.PREFIX, "/a//")).isEqualTo(Optional.of("/+([a]|%61)(/.*)?"));
    assertThat(RequestTargets.rawPathRegex(PathMatch.EXACT, "/a/")).isEqualTo(Optional.of("/+([a]|%61)/+"));
  }

  @Test
  void regexesHoldNoBackslashOrDoubleQuote() {
    for (String re : new String[] {RequestTargets.REFUSED_TARGET, RequestTargets.REFUSED_TARGET_FULL}) {
      assertThat(re).doesNotContain("\\").doesNotContain("\"");
    }
  }

  private static boolean refusedBySearch(String target) {
    return SEARCH.matcher(target).find();
  }
}
