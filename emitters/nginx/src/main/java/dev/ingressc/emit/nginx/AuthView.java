package dev.ingressc.emit.nginx;

import dev.ingressc.emit.templating.EscapingOutputFormat.Markup;
import java.util.List;

/**
 * What a location of a route with external auth does, and the two locations it needs in its
 * server ({@link NginxExternalAuth}).
 *
 * @param uri the internal location the auth subrequest goes to, {@code /_ingressc_auth_N}
 * @param url the auth service's URL, the whole proxied URI (set into a variable, so a host name is
 *     resolved per request by the resolver file, as DNS upstreams are)
 * @param hostHeader the auth request's Host
 * @param method the auth request's method
 * @param methodSet whether auth-method was set (X-Original-URI and X-Scheme are sent too)
 * @param requestRedirect the X-Auth-Request-Redirect value; null: {@code $request_uri}
 * @param timeoutMillis how long nginx waits to connect, send and read
 * @param copied each header copied from the auth answer onto the backend request
 * @param signIn the named location a 401 goes to; null: nginx's 401
 * @param signInLocation the sign-in URL, a quoted token with the request's variables; null when
 *     this output format cannot write it (the location answers 500: the compile for this format
 *     rejects such an Ingress, so only an IR compiled for another target gets here)
 * @param escapedUri whether the sign-in URL needs {@code $ingressc_escaped_uri} (lua format: set by
 *     {@code set_by_lua_block} in the named location)
 */
public record AuthView(Markup uri, String url, String hostHeader, Markup method, boolean methodSet,
    String requestRedirect, long timeoutMillis, List<Copied> copied, Markup signIn, Markup signInLocation,
    boolean escapedUri) {

  /**
   * One header of the auth service's 2xx answer, set on the request to the backend (its variable
   * empty when the answer lacks it, so nginx sends no such field).
   *
   * @param name the header name
   * @param variable the variable that holds it, {@code $ingressc_auth_N_I}
   * @param upstream nginx's variable for the auth answer's field, {@code $upstream_http_NAME}
   */
  public record Copied(Markup name, Markup variable, Markup upstream) {}

  /**
   * The internal and named locations of one auth in one server, with the CORS headers its sign-in
   * redirect carries (those of the route's locations).
   */
  public record Locations(AuthView auth, CorsView cors) {
    /** Those {@code locations} need, once each, in order. */
    static List<Locations> of(List<ConfigView.LocationView> locations) {
      // One AuthView instance per route (NginxExternalAuth), so the same auth is the same key.
      java.util.Map<AuthView, Locations> out = new java.util.LinkedHashMap<>();
      for (ConfigView.LocationView l : locations) {
        if (l.auth() != null) {
          out.putIfAbsent(l.auth(), new Locations(l.auth(), l.cors()));
        }
      }
      return List.copyOf(out.values());
    }
  }
}
