package dev.ingressc.emit.nginx;

import dev.ingressc.emit.templating.EscapingOutputFormat.Markup;
import dev.ingressc.ir.ExternalAuth;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The routes' external auth (SEMANTICS.md, External auth) as nginx does it, with ingress-nginx's
 * directives: {@code auth_request} to an internal location per route that proxies a bodiless
 * request to the auth service with ingress-nginx's headers; {@code auth_request_set} and
 * {@code proxy_set_header} copy the answer's headers onto the backend request; {@code error_page 401}
 * sends a 401 to a named location that answers the sign-in 302. nginx's auth_request itself gives
 * 2xx through, 401 and 403 as they are (with the answer's WWW-Authenticate on a 401), and anything
 * else, or no answer, 500. The sign-in URL's escaped request target needs the lua module
 * ({@code ngx.escape_uri}), so the native format lacks it.
 */
final class NginxExternalAuth {
  private final Map<String, AuthView> views = new TreeMap<>();
  private final boolean lua;
  private final boolean resolves;

  NginxExternalAuth(IngressIR ir, boolean lua) {
    this.lua = lua;
    TreeMap<String, ExternalAuth> guarded = new TreeMap<>();
    ir.virtualHosts().forEach(v -> v.routes().forEach(r -> r.externalAuth().ifPresent(a -> guarded.put(key(r), a))));
    int n = 1;
    boolean names = false;
    for (var e : guarded.entrySet()) {
      views.put(e.getKey(), view(n++, e.getValue()));
      names |= !e.getValue().service().ipLiteral();
    }
    this.resolves = names;
  }

  /** Whether some auth service is named by DNS, so the resolver file is needed. */
  boolean resolves() {
    return resolves;
  }

  /** Each route asks apart (its locations and canary sides together): its Ingress, field and path. */
  private static String key(Route r) {
    return r.origin().ingress() + "\n" + r.origin().field() + "\n" + r.path();
  }

  /** The location's auth for {@code r}; null for a route without one. */
  AuthView of(Route r) {
    return r.externalAuth().isEmpty() ? null : views.get(key(r));
  }

  private AuthView view(int n, ExternalAuth a) {
    List<AuthView.Copied> copied = new ArrayList<>();
    for (int i = 0; i < a.responseHeaders().size(); i++) {
      String h = a.responseHeaders().get(i);
      copied.add(new AuthView.Copied(markup(h), markup("$ingressc_auth_" + n + "_" + i),
          markup("$upstream_http_" + h.toLowerCase(Locale.ROOT).replace('-', '_'))));
    }
    Markup signIn = a.signIn().isEmpty() ? null : markup("@ingressc_signin_" + n);
    boolean escapes = a.signIn().isPresent() && a.signIn().get().escapes();
    Markup location = a.signIn().isEmpty() || escapes && !lua ? null : markup(location(a.signIn().get()));
    return new AuthView(markup("/_ingressc_auth_" + n), a.service().url(), a.service().hostHeader(),
        markup(a.method()), a.methodSet(), a.requestRedirect().orElse(null), ExternalAuth.TIMEOUT.toMillis(),
        List.copyOf(copied), signIn, location, escapes && lua);
  }

  /** The sign-in URL as one quoted token: literal text quoted, each request value as its variable. */
  private static String location(ExternalAuth.SignIn s) {
    StringBuilder sb = new StringBuilder("\"");
    for (ExternalAuth.Piece p : s.pieces()) {
      if (p instanceof ExternalAuth.Literal l) {
        String q = NginxQuoting.quote(l.text());
        sb.append(q.startsWith("\"") ? q.substring(1, q.length() - 1) : q);
      } else {
        sb.append(switch ((ExternalAuth.Value) p) {
          case SCHEME -> "${scheme}";
          case HTTP_HOST -> "${http_host}";
          case HOST -> "${host}";
          case REQUEST_URI -> "${request_uri}";
          case ESCAPED_REQUEST_URI -> "${ingressc_escaped_uri}";
        });
      }
    }
    return sb.append('"').toString();
  }

  private static Markup markup(String text) {
    return NginxOutputFormat.INSTANCE.markup(text);
  }
}
