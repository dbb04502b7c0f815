package dev.ingressc.emit.nginx;

import dev.ingressc.emit.templating.EscapingOutputFormat.Markup;
import dev.ingressc.ir.Cors;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The routes' CORS policies (SEMANTICS.md, CORS) as nginx answers them, with maps and no {@code if}
 * but the preflight's {@code return}: per distinct policy, {@code $ingressc_cors_origin_N} is the
 * Access-Control-Allow-Origin value for an allowed request ({@code *}, or the Origin as sent when it
 * matches the policy's regex ignoring case) and empty otherwise; each other header's variable is
 * its value when that one is not empty; {@code $ingressc_cors_preflight_N} is 1 for an allowed
 * OPTIONS. A location then hides the backend's own headers of those names and adds the variables
 * with {@code add_header ... always} (nginx adds no header whose value is empty), which applies to
 * the preflight's 204 and the location's 503 too.
 */
final class NginxCors {
  private final Map<Cors, CorsMaps> byPolicy = new java.util.LinkedHashMap<>();

  NginxCors(IngressIR ir) {
    TreeMap<String, Cors> distinct = new TreeMap<>();
    ir.virtualHosts().forEach(v -> v.routes().forEach(r -> r.cors().ifPresent(c -> distinct.put(c.toString(), c))));
    int n = 1;
    for (Cors c : distinct.values()) {
      byPolicy.put(c, maps(c, n++));
    }
  }

  private static CorsMaps maps(Cors c, int n) {
    Markup origin = markup("$ingressc_cors_origin_" + n);
    List<CorsHeader> headers = new ArrayList<>();
    for (Map.Entry<String, String> h : c.headers("*").entrySet()) {
      // The origin's own variable carries its value; the others are fixed text behind the origin's.
      boolean own = h.getKey().equals(Cors.HEADER_NAMES.get(0));
      String suffix = h.getKey().substring("Access-Control-".length()).toLowerCase(java.util.Locale.ROOT).replace('-', '_');
      headers.add(new CorsHeader(markup(h.getKey()), own ? null : markup("$ingressc_cors_" + n + "_" + suffix),
          h.getValue()));
    }
    Markup match = c.anyOrigin() ? null : markup(NginxQuoting.mapRegex("*^(?:" + c.originPattern() + ")$"));
    return new CorsMaps("policy " + n + ": origins " + (c.anyOrigin() ? "any" : String.join(", ", c.origins())),
        origin, match, headers, markup("$ingressc_cors_preflight_" + n),
        markup("\"$request_method:$ingressc_cors_origin_" + n + "\""));
  }

  /** What a location of {@code r} adds; null for a route without a CORS policy. */
  CorsView of(Route r) {
    return r.cors().map(c -> {
      CorsMaps m = byPolicy.get(c);
      List<CorsHeader> added = new ArrayList<>();
      for (CorsHeader h : m.headers()) {
        added.add(new CorsHeader(h.name(), h.variable() == null ? m.origin() : h.variable(), null));
      }
      return new CorsView(m.preflight(), Cors.HEADER_NAMES.stream().map(NginxCors::markup).toList(), added);
    }).orElse(null);
  }

  List<CorsMaps> views() {
    return List.copyOf(byPolicy.values());
  }

  private static Markup markup(String text) {
    return NginxOutputFormat.INSTANCE.markup(text);
  }
}
