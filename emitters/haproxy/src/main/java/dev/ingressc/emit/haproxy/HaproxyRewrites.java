package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.haproxy.HaproxyView.RegexRewrite;
import dev.ingressc.ir.Rewrite;
import dev.ingressc.ir.Route;

/**
 * A regex route's rewrite as HAProxy does it (SEMANTICS.md, Rewrites). The route's regex line
 * marks the winner in {@code txn.rewrite}; after the route (and its https redirect, its canary) is
 * decided, {@code replace-path} replaces the whole raw path with the target, {@code \1}... the
 * captures of the route's rule-character regex, the query kept. The raw path and the decoded one
 * the route was chosen by give the same captures: a target whose path holds an escape of a rule
 * character or a run of slashes gets 400 first, and any other escape ends a match on both.
 * X-Forwarded-Prefix is set by the route's backend, as on every other route.
 */
final class HaproxyRewrites {
  private HaproxyRewrites() {}

  /** The view of {@code r}'s rewrite, the {@code index}th regex route; null when it has none. */
  static RegexRewrite of(Route r, int index) {
    Rewrite.Target t = r.redirect().isPresent() ? null : r.rewrite().flatMap(Rewrite::target).orElse(null);
    if (t == null) {
      return null;
    }
    return new RegexRewrite("rw" + index, Rewrite.UNREWRITABLE_TARGET, Rewrite.pathRegex(r.path(), true),
        t.substitution("\\"));
  }
}
