package dev.ingressc.normalize;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.ir.ExternalAuth;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ingress-nginx's {@code auth-signin}, read into the pieces every target writes (SEMANTICS.md, External auth). */
final class SignInUrls {
  private static final Pattern VARIABLE = Pattern.compile("\\$([a-z_]+)");

  private SignInUrls() {}

  /**
   * The sign-in URL as pieces; ingress-nginx's variables {@code $scheme}, {@code $host},
   * {@code $http_host}, {@code $request_uri} and {@code $escaped_request_uri} are the request's
   * values. Without {@code param} in its query, {@code param=$scheme://$http_host$escaped_request_uri}
   * is appended.
   */
  static Optional<ExternalAuth.SignIn> of(Located<Ingress> ing, String raw, String param,
      Consumer<Diagnostic> report) {
    String v = raw.trim();
    Matcher m = ExternalAuthAnnotations.ABSOLUTE.matcher(v.replaceAll("\\$[a-z_]+", "x"));
    List<ExternalAuth.Piece> pieces = new ArrayList<>();
    int at = 0;
    Matcher var = VARIABLE.matcher(v);
    String bad = null;
    while (var.find()) {
      ExternalAuth.Value value = value(var.group());
      if (value == null) {
        bad = Names.quote(var.group()) + " is not a variable ingressc knows ($scheme, $host, $http_host, $request_uri,"
            + " $escaped_request_uri)";
        break;
      }
      literal(pieces, v.substring(at, var.start()));
      pieces.add(value);
      at = var.end();
    }
    String literals = VARIABLE.matcher(v).replaceAll("");
    if (bad == null && (v.length() > ExternalAuthAnnotations.MAX_URL || !m.matches() || literals.contains("$")
        || !literals.replaceFirst("(?i)^https?://", "/").chars().allMatch(c -> ExternalAuthAnnotations.PATH_AND_QUERY.matcher("/" + (char) c).matches() || c == '[' || c == ']')
        || ExternalAuthAnnotations.ESCAPE.matcher(literals).find())) {
      bad = Names.quote(raw) + " is not an absolute http:// or https:// URL of letters, digits, - . _ ~ ! & ( ) * + , = : @"
          + " / ? and %XX escapes (and the variables ingressc knows)";
    }
    if (bad != null) {
      report.accept(ing.error(ExternalAuthAnnotations.field(ExternalAuthAnnotations.SIGNIN), bad + ": the Ingress is rejected"));
      return Optional.empty();
    }
    literal(pieces, v.substring(at));
    if (!hasParam(v, param)) {
      literal(pieces, (v.contains("?") ? "&" : "?") + param + "=");
      pieces.add(ExternalAuth.Value.SCHEME);
      literal(pieces, "://");
      pieces.add(ExternalAuth.Value.HTTP_HOST);
      pieces.add(ExternalAuth.Value.ESCAPED_REQUEST_URI);
    }
    return Optional.of(new ExternalAuth.SignIn(pieces));
  }

  /** Whether the URL's query names {@code param} with a value, as ingress-nginx's {@code q.Get(param) != ""} asks. */
  private static boolean hasParam(String url, String param) {
    int q = url.indexOf('?');
    if (q < 0) {
      return false;
    }
    for (String kv : url.substring(q + 1).split("&")) {
      int eq = kv.indexOf('=');
      if (eq > 0 && kv.substring(0, eq).equals(param) && eq < kv.length() - 1) {
        return true;
      }
    }
    return false;
  }

  private static void literal(List<ExternalAuth.Piece> pieces, String text) {
    if (text.isEmpty()) {
      return;
    }
    if (!pieces.isEmpty() && pieces.get(pieces.size() - 1) instanceof ExternalAuth.Literal last) {
      pieces.set(pieces.size() - 1, new ExternalAuth.Literal(last.text() + text));
    } else {
      pieces.add(new ExternalAuth.Literal(text));
    }
  }

  private static ExternalAuth.Value value(String variable) {
    for (ExternalAuth.Value v : ExternalAuth.Value.values()) {
      if (v.variable().equals(variable)) {
        return v;
      }
    }
    return null;
  }

}
