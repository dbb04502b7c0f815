package dev.ingressc.emit.nginx;

import dev.ingressc.emit.nginx.ConfigView.RewriteView;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Rewrite;
import dev.ingressc.ir.Route;

/**
 * A route's rewrite as nginx does it (SEMANTICS.md, Rewrites), ingress-nginx's way: in the regex
 * location, {@code rewrite "(?i)^(?:REGEX)" "TARGET" break;} on {@code $uri} (decoded, slashes
 * merged), whose captures {@code $1}...{@code $9} hold rule characters only; with the URI changed,
 * {@code proxy_pass} without a URI part sends the new path (nginx escapes none of its characters)
 * and the request's arguments as sent. Before it, 400 for a target the other proxies could not
 * rewrite alike; X-Forwarded-Prefix goes through a variable that each server first sets to the
 * client's own field, so routes without the annotation pass that field on unchanged.
 */
final class NginxRewrites {
  /** The variable X-Forwarded-Prefix is sent from when some route sets it. */
  static final String VARIABLE = "$ingressc_forwarded_prefix";

  private NginxRewrites() {}

  static boolean anyForwardedPrefix(IngressIR ir) {
    return ir.virtualHosts().stream().flatMap(v -> v.routes().stream())
        .anyMatch(r -> r.rewrite().flatMap(Rewrite::forwardedPrefix).isPresent());
  }

  /** The route's rewrite view, or null when it is not rewritten or answers a redirect itself. */
  static RewriteView of(Route r) {
    if (r.rewrite().isEmpty() || r.redirect().isPresent()) {
      return null;
    }
    Rewrite rw = r.rewrite().get();
    var f = NginxOutputFormat.INSTANCE;
    return new RewriteView(
        rw.target().map(t -> f.markup(NginxQuoting.regex(Rewrite.UNREWRITABLE_TARGET))).orElse(null),
        rw.target().map(t -> f.markup(NginxQuoting.regex(Rewrite.pathRegex(r.path(), false)))).orElse(null),
        rw.target().map(t -> f.markup(NginxQuoting.rewriteReplacement(t.substitution("$")))).orElse(null),
        rw.forwardedPrefix().orElse(null));
  }
}
