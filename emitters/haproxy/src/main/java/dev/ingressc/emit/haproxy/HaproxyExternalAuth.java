package dev.ingressc.emit.haproxy;

import dev.ingressc.ir.ExternalAuth;

/**
 * A route's external auth (SEMANTICS.md, External auth) in HAProxy, in the route's backend after
 * the body limit's 413: the Lua action {@code lua.ingressc_auth} ({@code auth.lua}) asks the service
 * with HAProxy's own httpclient, copies the listed headers of a 2xx answer onto the request (and
 * removes them when the answer lacks them), and says in {@code txn.ingressc_auth} what the client
 * gets; the rules after it answer 401, the sign-in 302, 403 or 500, and {@code http-after-response}
 * adds the service's Set-Cookie and WWW-Authenticate as nginx's auth_request does.
 */
final class HaproxyExternalAuth {
  static final String LUA_FILE = "auth.lua";

  private HaproxyExternalAuth() {}

  static AuthView view(ExternalAuth a) {
    return new AuthView(a.service().url(), a.service().hostHeader(), a.method(), a.methodSet() ? "1" : "0",
        a.requestRedirect().orElse("-"), a.responseHeaders().isEmpty() ? "-" : String.join(",", a.responseHeaders()),
        a.signIn().map(HaproxyExternalAuth::template).orElse("-"), ExternalAuth.TIMEOUT.toMillis());
  }

  /** The sign-in URL with each request value as {@code {name}}; literal text never holds a brace. */
  private static String template(ExternalAuth.SignIn s) {
    StringBuilder sb = new StringBuilder();
    for (ExternalAuth.Piece p : s.pieces()) {
      sb.append(p instanceof ExternalAuth.Literal l ? l.text()
          : "{" + ((ExternalAuth.Value) p).variable().substring(1) + "}");
    }
    return sb.toString();
  }
}
