package dev.ingressc.normalize;

import dev.ingressc.ir.PathMatch;
import dev.ingressc.validate.Names;
import dev.ingressc.validate.RegexPrograms;
import dev.ingressc.validate.RegexSyntax;
import java.util.List;
import java.util.Optional;

/**
 * ingress-nginx's use-regex, per host (SEMANTICS.md, "Regex paths"): when any Ingress with rules
 * for a host sets it, ingress-nginx writes every location of that host's server as
 * {@code ~* "^PATH"}, whatever the pathType and whichever Ingress wrote the path. So on such a host
 * every path becomes a {@link PathMatch#REGEX} route: Exact and Prefix paths too, which then match
 * any path that starts with them, in any case. The Ingresses whose paths change meaning are warned.
 */
final class RegexHosts {
  private RegexHosts() {}

  /** Whether {@code host}'s paths are regexes: some contender for it sets use-regex. */
  static boolean regexHost(List<Taken> contenders) {
    return contenders.stream().anyMatch(t -> t.checked().useRegex());
  }

  /** The conflict key of a path on a regex host: the path as written is the regex. */
  static CheckedIngress.RouteKey key(String host, CheckedIngress.PathRule rule) {
    return new CheckedIngress.RouteKey(host, PathMatch.REGEX, rule.path());
  }

  /** Why a path cannot be a regex on every target (only literal paths of another pathType get here unchecked). */
  static Optional<String> problem(CheckedIngress.PathRule rule) {
    return RegexSyntax.problem(rule.path()).or(() -> RegexPrograms.problem(rule.path()))
        .map(p -> "the host's paths are regexes (use-regex) and " + Names.quote(rule.path())
            + " is refused as one: " + p + "; the path is not served");
  }

  /**
   * The warning for {@code t}'s paths on a regex host, when their meaning changes: every path of an
   * Ingress without use-regex, and the Exact and Prefix paths of one with it. Empty otherwise.
   */
  static Optional<String> changedMeaning(String host, Taken t, List<Taken> contenders) {
    List<CheckedIngress.PathRule> mine = t.checked().paths().stream().filter(r -> r.key().host().equals(host)).toList();
    boolean own = t.checked().useRegex();
    List<String> changed = mine.stream().filter(r -> !own || !r.pathType().equals("ImplementationSpecific"))
        .map(r -> Names.quote(r.path()) + " (" + r.pathType() + ")").toList();
    if (changed.isEmpty()) {
      return Optional.empty();
    }
    String by = contenders.stream().filter(c -> c.checked().useRegex()).map(Taken::id).findFirst().orElseThrow();
    return Optional.of("host " + Names.quote(host.isEmpty() ? "*" : host) + ": Ingress " + by
        + " sets use-regex (or rewrite-target), so as in ingress-nginx every path of this host is a case-insensitive regular expression"
        + " anchored at its start only; these paths change meaning: " + String.join(", ", changed)
        + " (each now matches every path that starts with it, in any case, and '.', '*', '+', '(' and ')' are"
        + " regex syntax)");
  }
}
