package dev.ingressc.route;

import dev.ingressc.diag.UserText;
import dev.ingressc.ir.RegexPaths;
import dev.ingressc.ir.Rewrite;
import dev.ingressc.ir.Route;
import java.util.List;
import java.util.Optional;

/** The oracle's part for a winning route that is rewritten (SEMANTICS.md, Rewrites). */
final class RouteRewriteAnswer {
  private RouteRewriteAnswer() {}

  /** 400 for a target a rewriting route cannot rewrite alike on every target; empty otherwise. */
  static Optional<RouteAnswer> refused(Route winner, String target, String vhost, List<Route> candidates,
      Optional<String> certificate, List<String> why) {
    if (winner.rewrite().flatMap(Rewrite::target).isEmpty() || !Rewrite.unrewritable(target)) {
      return Optional.empty();
    }
    why.add("400: the route rewrites the path (rewrite-target of Ingress " + winner.origin().ingress() + "), and the"
        + " target's path holds a run of slashes or an escape of a rule character, or its query is empty: every"
        + " target refuses it rather than send a path only some would rewrite");
    return Optional.of(new RouteAnswer(RouteAnswer.BAD_REQUEST, Optional.empty(), Optional.empty(), Optional.of(vhost),
        Optional.of(winner), candidates, certificate, Optional.empty(), why, Optional.empty()));
  }

  /** {@code a} with the rewritten target the backend receives, and why; {@code a} itself when no backend receives it. */
  static RouteAnswer rewritten(Route winner, String target, String canonicalPath, RouteAnswer a, List<String> why) {
    if (winner.rewrite().isEmpty() || a.status() != 200) {
      return a; // no backend receives the request
    }
    Rewrite rw = winner.rewrite().get();
    Optional<String> backendTarget = Optional.empty();
    if (rw.target().isPresent()) {
      List<String> groups = RegexPaths.captures(winner.path(), canonicalPath).orElseThrow();
      int q = target.indexOf('?');
      String path = rw.target().get().apply(groups);
      backendTarget = Optional.of(path + (q < 0 ? "" : target.substring(q)));
      StringBuilder caps = new StringBuilder();
      for (int i = 0; i < groups.size(); i++) {
        caps.append(i == 0 ? "" : ", ").append('$').append(i + 1).append('=').append(UserText.quote(groups.get(i)));
      }
      why.add("rewrite-target " + UserText.quote(rw.target().get().written()) + " (Ingress " + winner.origin().ingress()
          + "): the path's regex captures " + (groups.isEmpty() ? "nothing" : caps) + " on the canonical path, so the"
          + " backend receives the path " + UserText.quote(path) + (q < 0 ? "" : " and the query as sent"));
    }
    rw.forwardedPrefix().ifPresent(p -> why.add("x-forwarded-prefix: the backend receives X-Forwarded-Prefix: "
        + UserText.quote(p)));
    return new RouteAnswer(a.status(), a.backend(), a.upstream(), a.virtualHost(), a.route(), a.candidates(),
        a.certificate(), a.location(), a.explanation(), a.canonicalPath(), a.canary(), backendTarget,
        a.responseHeaders(), a.decidedBy());
  }
}
