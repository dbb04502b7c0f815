package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.exact;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The request-target policy (SEMANTICS.md, Request targets) as one shared case: raw
 * targets with escapes, dot segments, runs of slashes, queries and refused classes, against rules
 * whose paths hold every rule character. Each escape is placed where decoding it changes the
 * route, so a target that does not decode (or decodes too much) answers from another backend.
 */
public final class RequestTargetCases {
  private static final String NS = "default";
  private static final String HOST = "t.example.com";
  private static final String OTHER_HOST = "u.example.com";
  /** Rules holding every unreserved character, each escape of which must still match them. */
  static final List<String> UNRESERVED_RULES = List.of("/u/ABCDEFGHIJKLMNOPQRSTUVWXYZ",
      "/u/abcdefghijklmnopqrstuvwxyz", "/u/0123456789-._~");
  /** The sub-delimiters (and ':' '@') a rule path may hold. */
  static final String SUB_DELIMITER_RULE = "/s!&()*+,=:@";

  private RequestTargetCases() {}

  static E2eCase requestTargets() {
    List<Probe> probes = new ArrayList<>();
    escapesOfRuleCharacters(probes);
    t(probes, "/", "/a", "/a/", "/ab", "/A", "/a/b", "/a/b/", "/a/b/c", "/a/b/c/", "/a/bc", "/x~y", "/x~y/z", "/@me",
        "/@me/", "/p:q", "/p:qr", "/m-n.o_p/1", "/s!&()*+,=", "/s!&()*+,=/x");
    // Escapes of characters a rule cannot hold stay escaped, and match no rule character.
    t(probes, "/s%24", "/s$", "/s'", "/s;x", "/s%27", "/s%3B", "/s%3b", "/a%20b", "/a%7E", "/a%C3%A9", "/a%c3%a9");
    // Refused escapes: slash, backslash, percent sign, NUL and controls, DEL; malformed ones.
    t(probes, "/a%2Fb", "/a%2fb", "/a%2F", "/%2Fa", "/a%5Cb", "/a%5cb", "/a%25", "/a%2541", "/a%00", "/a%0a", "/a%1F",
        "/a%7F", "/a%7f", "/a%zz", "/a%4", "/a%", "/a%g1", "/a/b%2Fc");
    // Dot segments, plain and escaped, at the start, in the middle and at the end; and look-alikes.
    t(probes, "/./a", "/../a", "/a/./b", "/a/../b", "/a/b/../b", "/a/.", "/a/..", "/a/b/.", "/a/b/c/.", "/%2E%2E/a",
        "/%2e%2e/a", "/a/%2E%2E/b", "/a/%2e/b", "/a/.%2E", "/a/%2E.", "/a/%2e", "/.", "/..", "/a/..?x=1", "/a/.?x",
        "/a/...", "/a/.b", "/a/b.", "/a/%2E%2E%2E", "/...");
    // Runs of slashes.
    t(probes, "//", "///", "//a", "///a/b", "/a//b", "/a///b/c", "/a/b//", "/a/b//c", "//a/b/c", "/x~y//z", "//%61");
    // Queries: not policed but for bytes, '#' and %7F; they never change the route.
    t(probes, "/a?x=%2F", "/a?x=/../y", "/a?x=%2e%2e/", "/a?next=/a%2Fb", "/a/b/c?", "/a/b/c?q", "/a?%zz", "/a?x=[1]{2}",
        "/a?x=%7f", "/a?x=%00", "/?/a/b/c", "/a/b?/c", "/%61?x=%2F%2e%2E");
    // Characters RFC 3986 does not allow in a path, raw; bytes outside printable ASCII; a fragment.
    t(probes, "/a\"b", "/a<b>", "/a\\b", "/a^b", "/a`b", "/a{b}", "/a|b", "/a[1]", "/caf\u00e9", "/a#frag", "/a?x#y");
    // Absolute-form and asterisk-form targets, whatever the Host says.
    t(probes, "http://t.example.com/a", "http://u.example.com/a", "http://other.example.com/", "*");
    probes.add(Probe.http(OTHER_HOST, "http://t.example.com/a/b/c"));
    probes.add(Probe.http(OTHER_HOST, "http://u.example.com/a"));
    for (String target : List.of("/", "/a", "/%61", "/A", "/a//x", "/a/%2E%2E", "/b")) {
      probes.add(Probe.http(OTHER_HOST, target));
    }
    return E2eCase.of("request-targets", ctx -> ctx.service(NS, "root", 80) + ctx.service(NS, "a", 80)
        + ctx.service(NS, "ab", 80) + ctx.service(NS, "abc", 80) + ctx.service(NS, "punct", 80)
        + ctx.service(NS, "chars", 80) + ctx.service(NS, "other", 80)
        + ingress(NS, "targets",
            rule(HOST, prefix("/", "root", 80), prefix("/a", "a", 80), prefix("/a/b", "ab", 80), exact("/a/b/c", "abc", 80),
                prefix("/x~y", "punct", 80), exact("/@me", "punct", 80), prefix("/p:q", "chars", 80),
                prefix("/m-n.o_p", "chars", 80), prefix("/s!&()*+,=", "punct", 80),
                exact(SUB_DELIMITER_RULE, "chars", 80), exact(UNRESERVED_RULES.get(0), "chars", 80),
                exact(UNRESERVED_RULES.get(1), "chars", 80), exact(UNRESERVED_RULES.get(2), "chars", 80)),
            rule(OTHER_HOST, prefix("/a", "other", 80))),
        probes);
  }

  /**
   * Each character of the unreserved and sub-delimiter rules escaped alone, in upper and (where
   * the hex has a letter) lower case, then all of them at once: each must still match its rule.
   */
  private static void escapesOfRuleCharacters(List<Probe> probes) {
    List<String> rules = new ArrayList<>(UNRESERVED_RULES);
    rules.add(SUB_DELIMITER_RULE);
    for (String rule : rules) {
      StringBuilder allUpper = new StringBuilder("/");
      StringBuilder allLower = new StringBuilder("/");
      for (int i = 1; i < rule.length(); i++) {
        if (rule.charAt(i) == '/') {
          allUpper.append('/');
          allLower.append('/');
          continue;
        }
        String upper = escape(rule.charAt(i));
        String lower = upper.toLowerCase(Locale.ROOT);
        probes.add(Probe.http(HOST, rule.substring(0, i) + upper + rule.substring(i + 1)));
        if (!lower.equals(upper)) {
          probes.add(Probe.http(HOST, rule.substring(0, i) + lower + rule.substring(i + 1)));
        }
        allUpper.append(upper);
        allLower.append(lower);
      }
      probes.add(Probe.http(HOST, allUpper.toString()));
      probes.add(Probe.http(HOST, allLower.toString()));
    }
    // Escapes that, decoded, reach a deeper or an exact rule.
    t(probes, "/%61", "/%41", "/%61/%62", "/a/%62", "/a/%62/%63", "/a/b/%63", "/a/b/%43",
        "/x%7Ey", "/x%7ey", "/%78~y", "/%40me", "/p%3Aq", "/p%3aq", "/m%2Dn%2Eo%5Fp", "/m%2dn%2eo%5fp/z", "/s%21&()*+,=",
        "/s!%26%28%29%2A%2B%2C%3D", "/s!%26%28%29%2a%2b%2c%3d/x");
  }

  private static String escape(char c) {
    return String.format(Locale.ROOT, "%%%02X", (int) c);
  }

  private static void t(List<Probe> probes, String... targets) {
    for (String target : targets) {
      probes.add(Probe.http(HOST, target));
    }
  }
}
