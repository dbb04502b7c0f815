package dev.ingressc.emit.nginx;

import dev.ingressc.emit.templating.EscapingOutputFormat.Markup;
import java.util.List;

/**
 * The maps that choose a canary route's upstream (SEMANTICS.md, Canaries), decided; the template
 * prints them. Variable names are markup made here from fixed text, a number and a header name
 * that the IR holds to letters, digits and {@code -}; regexes went through
 * {@link NginxQuoting#mapRegex}.
 *
 * @param comment the route and its canary
 * @param header the header's map ({@code canary} or {@code main} by the header), or null
 * @param cookie the Cookie header's map, or null
 * @param splitPercent the canary's share for {@code split_clients}, e.g. {@code 30.00%}; null when
 *     the weight does not split (then the choice map's default is the weight's side)
 * @param splitVariable the variable {@code split_clients} sets
 * @param choiceSource the choice map's source: the variables above joined by {@code :}
 * @param choices the choice map's entries, tried in order
 * @param choiceDefault the choice map's default
 * @param result the variable that holds the upstream (an id or host:port; empty for 503)
 */
public record CanaryView(String comment, SideMap header, SideMap cookie, String splitPercent, Markup splitVariable,
    Markup choiceSource, List<Entry> choices, String choiceDefault, Markup result) {

  /** A map from a request value to {@code canary} or {@code main}. */
  public record SideMap(Markup source, Markup variable, List<Entry> entries) {}

  /** One {@code map} line: a regex (already quoted) and its value. */
  public record Entry(Markup regex, String value) {}
}
