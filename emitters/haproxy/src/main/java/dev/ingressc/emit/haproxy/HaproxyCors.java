package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.templating.EscapingOutputFormat.Markup;
import dev.ingressc.ir.Cors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A route's CORS policy (SEMANTICS.md, CORS) in HAProxy, in the route's backend after the source
 * ranges' 403: {@code txn.ingressc_cors} is set to Access-Control-Allow-Origin's value for an
 * allowed request ({@code *}, or the first Origin field whole when it matches the policy's regex
 * ignoring case); an allowed OPTIONS gets {@code http-request return status 204}; the server's
 * own headers of the policy's names are deleted, and {@code http-after-response} sets the policy's
 * on every answer of an allowed request, HAProxy's own 204 and 503 too.
 */
final class HaproxyCors {
  private HaproxyCors() {}

  static CorsView view(Cors c) {
    List<CorsHeader> headers = new ArrayList<>();
    for (Map.Entry<String, String> h : c.headers("*").entrySet()) {
      boolean origin = h.getKey().equals(Cors.HEADER_NAMES.get(0));
      headers.add(new CorsHeader(markup(h.getKey()), markup(origin ? "%[var(txn.ingressc_cors)]"
          : HaproxyQuoting.cfg(h.getValue()))));
    }
    return new CorsView(c.anyOrigin() ? null : "^(?:" + c.originPattern() + ")$",
        Cors.HEADER_NAMES.stream().map(HaproxyCors::markup).toList(), headers);
  }

  private static Markup markup(String text) {
    return HaproxyOutputFormat.CFG.markup(text);
  }
}
