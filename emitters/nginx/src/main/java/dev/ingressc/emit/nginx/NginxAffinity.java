package dev.ingressc.emit.nginx;

import dev.ingressc.ir.Affinity;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.Upstream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Session affinity (SEMANTICS.md, Session affinity) in nginx: the {@link NginxFormat#LUA} format's
 * balancer does it (lua.ftl). An upstream with affinity is always served by the Lua balancer;
 * {@code $ingressc_affinity} maps its id to {@code NAME MAX-AGE PATH SAMESITE SECURE} ({@code -} when
 * unset, {@code SECURE} 1 or 0), and a location whose route reaches such an upstream sets
 * {@code $ingressc_cookie_path} to the route's own path, the cookie's Path unless
 * session-cookie-path gives one. A request whose cookie names one of the upstream's endpoints (the
 * first 16 hex digits of the MD5 of its {@code host:port}) goes to it; any other is balanced as
 * usual and its answer gets a Set-Cookie naming the endpoint that answered. The native format's
 * upstream blocks cannot, so it balances as usual and {@link #nativeWarnings} says so.
 */
final class NginxAffinity {
  private NginxAffinity() {}

  /** The {@code $ingressc_affinity} map's entries: the id of each upstream with affinity and its settings. */
  static List<ConfigView.MapEntry> entries(IngressIR ir, UpstreamIds ids) {
    List<ConfigView.MapEntry> out = new ArrayList<>();
    for (Upstream u : ir.upstreams()) {
      if (LuaEndpoints.balanced(u) && u.affinity().isPresent()) {
        out.add(new ConfigView.MapEntry(ids.id(u.name()), value(u.affinity().get())));
      }
    }
    return out;
  }

  /** {@code NAME MAX-AGE PATH SAMESITE SECURE}: validated words (IR), none holding a space. */
  static String value(Affinity a) {
    return a.cookieName() + " " + a.maxAge().map(String::valueOf).orElse("-") + " " + a.path().orElse("-") + " "
        + a.sameSite().map(Affinity.SameSite::spelling).orElse("-") + " " + (a.secure() ? "1" : "0");
  }

  /**
   * The {@code $ingressc_cookie_path} of a location of {@code r} in the lua format: the route's path
   * ({@code /} for a regex route) when its upstream or its canary's has affinity; null otherwise.
   */
  static String cookiePath(IngressIR ir, Route r, boolean lua) {
    if (!lua) {
      return null;
    }
    boolean sticky = sticky(ir, r.backend().upstream()) || r.canary().map(c -> sticky(ir, c.backend().upstream()))
        .orElse(false);
    return sticky ? (r.match() == PathMatch.REGEX ? "/" : r.path()) : null;
  }

  private static boolean sticky(IngressIR ir, String upstream) {
    return ir.upstream(upstream).map(u -> LuaEndpoints.balanced(u) && u.affinity().isPresent()).orElse(false);
  }

  /** The native format's warning: which upstreams lose their affinity, and what to do instead. */
  static Optional<String> nativeWarning(IngressIR ir) {
    List<String> names = ir.upstreams().stream().filter(u -> u.affinity().isPresent()).map(Upstream::name).toList();
    if (names.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("session affinity (nginx.ingress.kubernetes.io/affinity) of upstream" + (names.size() == 1 ? " "
        : "s ") + String.join(", ", names) + " is not served in the native format, whose upstream blocks cannot set"
        + " or follow a cookie: requests are balanced as usual; use --format lua for it");
  }
}
