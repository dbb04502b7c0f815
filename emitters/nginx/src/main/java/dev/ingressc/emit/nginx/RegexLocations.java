package dev.ingressc.emit.nginx;

import dev.ingressc.emit.nginx.ConfigView.Action;
import dev.ingressc.emit.nginx.ConfigView.LocationView;
import dev.ingressc.emit.templating.EscapingOutputFormat;
import dev.ingressc.ir.RegexPaths;
import dev.ingressc.ir.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The locations of a host whose routes are regexes (use-regex), as ingress-nginx writes them: one
 * {@code location ~* "^REGEX"} per route in the IR's order (nginx tries regex locations in file
 * order, first match wins, which is the IR's precedence), then {@code ~* "^/"} for the fallback, as
 * ingress-nginx's own root location becomes under use-regex. No prefix location exists, so none can
 * stop the regexes from being tried.
 */
final class RegexLocations {
  private RegexLocations() {}

  static List<LocationView> plan(List<Route> routes, Function<Route, LocationView> locationOf, Action fallback,
      String fallbackComment) {
    List<LocationView> out = new ArrayList<>();
    routes.forEach(r -> out.add(locationOf.apply(r)));
    out.add(new LocationView(modifier("/"), null, fallbackComment, fallback));
    return out;
  }

  static EscapingOutputFormat.Markup modifier(String regex) {
    return NginxOutputFormat.INSTANCE.markup(NginxQuoting.locationRegex(RegexPaths.anchored(regex)));
  }
}
