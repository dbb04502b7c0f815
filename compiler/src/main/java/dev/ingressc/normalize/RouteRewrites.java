package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.annotations.AnnotationTable;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.RegexPaths;
import dev.ingressc.ir.Rewrite;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads ingress-nginx's {@code rewrite-target} and {@code x-forwarded-prefix} of one Ingress
 * (SEMANTICS.md, Rewrites), then fits them to each of its routes. A target is {@code /} then
 * literal text and {@code $1}...{@code $9}; a prefix is a path of rule characters. Anything else
 * ({@code ?}, {@code $} not followed by 1-9, quotes, braces, {@code ;}, {@code %}, {@code \},
 * whitespace, control characters, non-ASCII) is an error that rejects the Ingress: no target could
 * print it inertly, or the targets would not send the same path.
 */
final class RouteRewrites {
  static final String TARGET = AnnotationTable.NGINX + "rewrite-target";
  static final String PREFIX = AnnotationTable.NGINX + "x-forwarded-prefix";
  /** Literal text every target carries unchanged (the rule characters of SEMANTICS.md, "What a path may hold"). */
  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~!&()*+,=:@/-]");
  private static final Pattern PREFIX_VALUE = Pattern.compile("/[A-Za-z0-9._~!&()*+,=:@/-]{0,253}");

  private RouteRewrites() {}

  /** The Ingress's rewrite, if either annotation is set; findings go to {@code report} (an error rejects it). */
  static Optional<Rewrite> of(Located<Ingress> ing, boolean redirects, Consumer<Diagnostic> report) {
    Map<String, String> a = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    if (a == null || (!a.containsKey(TARGET) && !a.containsKey(PREFIX))) {
      return Optional.empty();
    }
    Optional<Rewrite.Target> target = Optional.empty();
    String written = a.get(TARGET);
    if (written != null && !written.isEmpty()) {
      target = target(ing, written, report);
    }
    Optional<String> prefix = Optional.empty();
    String p = a.get(PREFIX);
    if (p != null && !p.isEmpty()) {
      if (PREFIX_VALUE.matcher(p).matches()) {
        prefix = Optional.of(p);
      } else {
        report.accept(ing.diagnostic(Severity.ERROR, RouteRedirects.field(PREFIX), Names.quote(p) + " cannot be sent"
            + " alike by every target: an X-Forwarded-Prefix is a path of at most 254 letters, digits and"
            + " - . _ ~ ! & ( ) * + , = : @ / starting with / (no quotes, spaces, %, $, ; or control characters)",
            AnnotationAccounting.INVALID_VALUE));
      }
    }
    if (target.isEmpty() && prefix.isEmpty()) {
      return Optional.empty();
    }
    if (redirects) {
      report.accept(ing.diagnostic(Severity.WARNING, RouteRedirects.field(target.isPresent() ? TARGET : PREFIX),
          "ignored: the Ingress's routes answer a redirect (permanent-redirect or temporal-redirect), so no backend"
          + " receives a request", AnnotationAccounting.INVALID_VALUE));
      return Optional.empty();
    }
    return Optional.of(new Rewrite(target, prefix));
  }

  private static Optional<Rewrite.Target> target(Located<Ingress> ing, String written, Consumer<Diagnostic> report) {
    List<Rewrite.Piece> pieces = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    String problem = written.startsWith("/") ? null : "it does not start with /";
    for (int i = 0; problem == null && i < written.length(); i++) {
      char c = written.charAt(i);
      if (c == '$') {
        char d = i + 1 < written.length() ? written.charAt(i + 1) : ' ';
        if (d < '1' || d > '9') {
          problem = "$ is not followed by a digit 1-9 (only the captures $1...$9 are expanded; a variable such as"
              + " $request_uri would be nginx's alone)";
          break;
        }
        if (literal.length() > 0) {
          pieces.add(new Rewrite.Literal(literal.toString()));
          literal.setLength(0);
        }
        pieces.add(new Rewrite.Capture(d - '0'));
        i++;
      } else if (c == '?') {
        problem = "it holds ? (a query of its own is not supported: the request's query is kept)";
      } else if (LITERAL.matcher(String.valueOf(c)).matches()) {
        literal.append(c);
      } else {
        problem = "it holds " + Names.quote(String.valueOf(c)) + ", which not every target can carry in a path unchanged"
            + " (a target is letters, digits, - . _ ~ ! & ( ) * + , = : @ / and $1...$9)";
      }
    }
    if (problem == null && written.length() > 254) {
      problem = "it is longer than 254 characters";
    }
    if (problem != null) {
      report.accept(ing.diagnostic(Severity.ERROR, RouteRedirects.field(TARGET), Names.quote(written)
          + " is refused: " + problem, AnnotationAccounting.INVALID_VALUE));
      return Optional.empty();
    }
    if (literal.length() > 0) {
      pieces.add(new Rewrite.Literal(literal.toString()));
    }
    return Optional.of(new Rewrite.Target(written, pieces));
  }

  /**
   * The Ingress's rewrite fitted to one of its routes: a capture the path's regex does not have is
   * left out (nginx expands it to nothing), with a warning. A path that is no regex (its host has no
   * use-regex or rewrite-target) never has a target, and keeps only the prefix, as ingress-nginx
   * sends it from every location of the Ingress.
   */
  static Optional<Rewrite> forRoute(Optional<Rewrite> rewrite, String path, PathMatch match, Consumer<String> warn) {
    if (rewrite.isEmpty()) {
      return rewrite;
    }
    if (match != PathMatch.REGEX) {
      // rewrite-target makes every path of its host a regex, so only the prefix can be left here.
      return rewrite.get().forwardedPrefix().map(p -> new Rewrite(Optional.empty(), Optional.of(p)));
    }
    Optional<Rewrite.Target> target = rewrite.get().target();
    if (target.isEmpty()) {
      return rewrite;
    }
    int groups = RegexPaths.groupCount(path);
    List<Rewrite.Piece> kept = new ArrayList<>();
    for (Rewrite.Piece p : target.get().pieces()) {
      if (p instanceof Rewrite.Capture c && c.group() > groups) {
        warn.accept("rewrite-target's $" + c.group() + " is empty on path " + Names.quote(path) + ", whose regex has "
            + groups + " capture group" + (groups == 1 ? "" : "s") + " (as nginx expands it)");
      } else {
        kept.add(p);
      }
    }
    return Optional.of(new Rewrite(Optional.of(new Rewrite.Target(target.get().written(), kept)),
        rewrite.get().forwardedPrefix()));
  }
}
