package dev.ingressc.emit.nginx;

import dev.ingressc.emit.nginx.ConfigView.Action;
import dev.ingressc.emit.nginx.ConfigView.LocationView;
import dev.ingressc.emit.templating.EscapingOutputFormat;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.PathMatching;
import dev.ingressc.ir.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns one host's routes into nginx locations that choose exactly the route the IR's precedence
 * chooses, using only exact ({@code =}) and literal-prefix ({@code ^~}) locations, never a regex.
 *
 * <ul>
 *   <li>Exact {@code /foo}: {@code location = /foo}.
 *   <li>Prefix {@code /foo} (element-wise): {@code location = /foo} and {@code location ^~ /foo/};
 *       Prefix {@code /}: {@code location ^~ /}. nginx's longest-prefix rule is then the Ingress
 *       rule, and an exact location always beats a prefix one, as Exact beats Prefix.
 *   <li>Exact and Prefix on the same path share {@code = /foo}: the IR's first route wins it.
 *   <li>Without a Prefix {@code /}, {@code location ^~ /} answers with the fallback (default
 *       backend or 404), so nginx never serves files.
 *   <li>nginx answers {@code /foo} with a 301 to {@code /foo/} when a proxying location is named
 *       {@code /foo/} and no location takes {@code /foo} itself. So every location ending in
 *       {@code /} gets an exact companion without it, which does what the IR says for that path.
 * </ul>
 */
final class LocationPlanner {
  private final List<Route> routes;
  private final Function<Route, Action> actionOf;
  private final Action fallback;
  private final String fallbackComment;
  private final Function<Route, EscapingOutputFormat.Markup> deniedOf;
  private final Function<Route, CorsView> corsOf;
  private final Function<Route, ConfigView.RateLimitView> rateLimitOf;
  private final Function<Route, AuthView> authOf;
  private final Function<Route, String> cookiePathOf;
  private final Function<Route, NginxBasicAuth.BasicView> basicOf;

  LocationPlanner(List<Route> routes, Function<Route, Action> actionOf, Action fallback, String fallbackComment,
      Function<Route, EscapingOutputFormat.Markup> deniedOf, Function<Route, CorsView> corsOf,
      Function<Route, ConfigView.RateLimitView> rateLimitOf, Function<Route, AuthView> authOf,
      Function<Route, String> cookiePathOf, Function<Route, NginxBasicAuth.BasicView> basicOf) {
    this.routes = routes;
    this.actionOf = actionOf;
    this.fallback = fallback;
    this.fallbackComment = fallbackComment;
    this.deniedOf = deniedOf;
    this.corsOf = corsOf;
    this.rateLimitOf = rateLimitOf;
    this.authOf = authOf;
    this.cookiePathOf = cookiePathOf;
    this.basicOf = basicOf;
  }

  List<LocationView> plan() {
    if (routes.stream().anyMatch(r -> r.match() == PathMatch.REGEX)) {
      return RegexLocations.plan(routes, r -> location(r), fallback, fallbackComment);
    }
    Map<String, LocationView> exact = new TreeMap<>();
    Map<String, LocationView> prefix = new TreeMap<>();
    for (Route r : routes) {
      if (r.match() == PathMatch.EXACT) {
        exact.putIfAbsent(r.path(), location(Keyword.EXACT, r.path(), r));
      } else if (r.matchPath().equals("/")) {
        prefix.putIfAbsent("/", location(Keyword.PREFIX, "/", r));
      } else {
        exact.putIfAbsent(r.matchPath(), location(Keyword.EXACT, r.matchPath(), r));
        prefix.putIfAbsent(r.matchPath() + "/", location(Keyword.PREFIX, r.matchPath() + "/", r));
      }
    }
    prefix.putIfAbsent("/", new LocationView(Keyword.PREFIX.markup(), "/", fallbackComment, fallback));
    addSlashCompanions(exact, prefix);
    List<LocationView> out = new ArrayList<>();
    TreeSet<String> paths = new TreeSet<>(exact.keySet());
    paths.addAll(prefix.keySet());
    for (String path : paths) {
      if (exact.containsKey(path)) {
        out.add(exact.get(path));
      }
      if (prefix.containsKey(path)) {
        out.add(prefix.get(path));
      }
    }
    return out;
  }

  private void addSlashCompanions(Map<String, LocationView> exact, Map<String, LocationView> prefix) {
    List<String> pending = new ArrayList<>(exact.keySet());
    pending.addAll(prefix.keySet());
    while (!pending.isEmpty()) {
      String name = pending.remove(pending.size() - 1);
      if (name.length() < 2 || !name.endsWith("/")) {
        continue;
      }
      String bare = name.substring(0, name.length() - 1);
      if (!exact.containsKey(bare)) {
        Optional<Route> winner = routes.stream().filter(r -> PathMatching.matches(r, bare)).findFirst();
        LocationView view = winner.map(r -> location(Keyword.EXACT, bare, r))
            .orElseGet(() -> new LocationView(Keyword.EXACT.markup(), bare, fallbackComment, fallback));
        exact.put(bare, view.with(bare, name + " without its slash, so nginx adds no redirect: "
            + view.comment(), view.action()));
        pending.add(bare);
      }
    }
  }

  /** A regex route's location: the modifier holds {@code ~* "^REGEX"}, and there is no path token. */
  private LocationView location(Route r) {
    // The comment names the rule without its regex (the location line shows it, quoted as a regex).
    String comment = r.declaredPathType() + " path as a regex -> " + r.backend().ref().display() + " (Ingress "
        + r.origin().ingress() + " " + r.origin().field() + ")";
    return new LocationView(RegexLocations.modifier(r.path()), null, comment, actionOf.apply(r), NginxRewrites.of(r),
        r.upstreamHost().orElse(null), deniedOf.apply(r), corsOf.apply(r),
        rateLimitOf.apply(r), authOf.apply(r), cookiePathOf.apply(r), basicOf.apply(r));
  }

  private LocationView location(Keyword modifier, String path, Route r) {
    String comment = r.declaredPathType() + " " + r.path() + " -> " + r.backend().ref().display() + " (Ingress "
        + r.origin().ingress() + " " + r.origin().field() + ")";
    return new LocationView(modifier.markup(), path, comment, actionOf.apply(r), NginxRewrites.of(r),
        r.upstreamHost().orElse(null), deniedOf.apply(r), corsOf.apply(r),
        rateLimitOf.apply(r), authOf.apply(r), cookiePathOf.apply(r), basicOf.apply(r));
  }
}
