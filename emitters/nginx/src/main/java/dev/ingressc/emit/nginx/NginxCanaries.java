package dev.ingressc.emit.nginx;

import dev.ingressc.emit.nginx.ConfigView.Action;
import dev.ingressc.emit.templating.EscapingOutputFormat.Markup;
import dev.ingressc.ir.Backend;
import dev.ingressc.ir.Canary;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import dev.ingressc.ir.VirtualHost;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Canary routes in nginx, both formats (SEMANTICS.md, Canaries): a map on the header, a map on
 * the Cookie header, {@code split_clients} on {@code $request_id} for the weight, and a choice map
 * that takes them in that order to an upstream. The location proxies to the chosen one: by
 * {@code proxy_pass} with the variable (nginx finds the upstream block by name, a host:port by its
 * resolver), or in the {@code lua} format through the balancer ({@code $ingressc_balanced}).
 */
final class NginxCanaries {
  private final IngressIR ir;
  private final EndpointTable endpoints;
  private final UpstreamIds ids;
  private final boolean lua;
  private final Map<Route, CanaryView> views = new IdentityHashMap<>();
  private final List<CanaryView> ordered = new ArrayList<>();

  NginxCanaries(IngressIR ir, EndpointTable endpoints, UpstreamIds ids, boolean lua) {
    this.ir = ir;
    this.endpoints = endpoints;
    this.ids = ids;
    this.lua = lua;
    for (VirtualHost v : ir.virtualHosts()) {
      for (Route r : v.routes()) {
        r.canary().ifPresent(c -> {
          CanaryView view = view(ordered.size() + 1, r, c);
          views.put(r, view);
          ordered.add(view);
        });
      }
    }
  }

  List<CanaryView> views() {
    return List.copyOf(ordered);
  }

  /** The location's action for {@code r}: {@code plain} (its main backend's) unless it has a canary. */
  Action action(Route r, Action plain) {
    CanaryView v = views.get(r);
    if (v == null) {
      return plain;
    }
    Upstream main = upstream(r.backend());
    Upstream canary = upstream(r.canary().get().backend());
    boolean balanced = lua && LuaEndpoints.balanced(main) && LuaEndpoints.balanced(canary);
    if (lua && !balanced && (LuaEndpoints.balanced(main) && !main.unavailable()
        || LuaEndpoints.balanced(canary) && !canary.unavailable())) {
      throw new IllegalStateException("the lua format cannot split between a balanced upstream and another kind: "
          + main.name() + ", " + canary.name());
    }
    Keyword module = main.protocol().http2() ? Keyword.GRPC_MODULE : Keyword.PROXY_MODULE;
    Keyword scheme = switch (main.protocol()) {
      case HTTP -> Keyword.HTTP;
      case HTTPS -> Keyword.HTTPS;
      case GRPC -> Keyword.GRPC;
      case GRPCS -> Keyword.GRPCS;
    };
    return Action.canary(module.markup(), scheme.markup(), balanced ? scheme.text() + LuaBalancing.UPSTREAM : null,
        v.result(), balanced, plain.settings());
  }

  private Upstream upstream(Backend b) {
    return ir.upstream(b.upstream()).orElseThrow();
  }

  /** What the result variable holds for {@code b}: the upstream's id or host:port; empty when it answers 503. */
  private String value(Backend b) {
    Upstream u = upstream(b);
    if (u.unavailable()) {
      return "";
    }
    return u.kind() == UpstreamKind.DNS ? endpoints.of(u.name()).get(0).hostPort() : ids.id(u.name());
  }

  private CanaryView view(int n, Route r, Canary c) {
    String base = "$ingressc_canary_" + n;
    // Only variable names made here: no IR text reaches the choice map's source.
    List<String> parts = new ArrayList<>();
    CanaryView.SideMap header = c.header().map(h -> {
      List<CanaryView.Entry> e = new ArrayList<>();
      if (h.value().isPresent()) {
        e.add(entry("^" + literal(h.value().get()) + "$", "canary"));
      } else if (h.pattern().isPresent()) {
        e.add(entry(h.pattern().get(), "canary"));
      } else {
        e.add(entry("^always$", "canary"));
        e.add(entry("^never$", "main"));
      }
      return new CanaryView.SideMap(markup("$http_" + h.name().toLowerCase(Locale.ROOT).replace('-', '_')),
          markup(base + "_header"), e);
    }).orElse(null);
    CanaryView.SideMap cookie = c.cookie().map(name -> new CanaryView.SideMap(markup("$http_cookie"),
        markup(base + "_cookie"), List.of(entry(Canary.cookieRegex(name, "always"), "canary"),
            entry(Canary.cookieRegex(name, "never"), "main")))).orElse(null);
    if (header != null) {
      parts.add(base + "_header");
    }
    if (cookie != null) {
      parts.add(base + "_cookie");
    }
    Markup split = markup(base + "_weight");
    String percent = null;
    if (c.split()) {
      parts.add(base + "_weight");
      percent = String.format(Locale.ROOT, "%.2f%%", 100.0 * c.weight() / c.weightTotal());
    }
    String canaryValue = value(c.backend());
    String mainValue = value(r.backend());
    List<CanaryView.Entry> choices = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      String empties = ":".repeat(i);
      String end = i < parts.size() - 1 ? ":" : "$";
      choices.add(entry("^" + empties + "canary" + end, canaryValue));
      choices.add(entry("^" + empties + "main" + end, mainValue));
    }
    String fallback = c.weight() == c.weightTotal() && !c.split() && c.weight() > 0 ? canaryValue : mainValue;
    String source = parts.isEmpty() ? "-" : String.join(":", parts);
    String comment = r.origin().ingress() + " " + r.origin().field() + ": canary " + c.backend().ref().display()
        + " (Ingress " + c.backend().origin().ingress() + "), weight " + c.weight() + " of " + c.weightTotal();
    return new CanaryView(comment, header, cookie, percent, split, markup("\"" + source + "\""), choices, fallback,
        markup(base));
  }

  /** {@code s} as a PCRE literal: letters and digits as they are, every other character as {@code \xHH}. */
  static String literal(String s) {
    StringBuilder sb = new StringBuilder();
    for (char ch : s.toCharArray()) {
      sb.append(Character.isLetterOrDigit(ch) && ch < 0x80 ? String.valueOf(ch) : String.format("\\x%02x", (int) ch));
    }
    return sb.toString();
  }

  private static CanaryView.Entry entry(String regex, String value) {
    return new CanaryView.Entry(NginxOutputFormat.INSTANCE.markup(NginxQuoting.mapRegex(regex)), value);
  }

  private static Markup markup(String text) {
    return NginxOutputFormat.INSTANCE.markup(text);
  }
}
