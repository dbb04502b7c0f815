package dev.ingressc.emit.nginx;

import dev.ingressc.emit.EmittedFile;
import dev.ingressc.ir.BasicAuth;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes' basic auth (SEMANTICS.md, Basic auth) as nginx does it: {@code auth_basic} with the
 * realm and {@code auth_basic_user_file} naming a password file per distinct set of credentials,
 * {@code auth/NAMESPACE/NAME.htpasswd} beside nginx.conf (nginx checks every hash format ingressc
 * reads). A location whose credentials cannot be used answers 503. nginx runs the access phase's
 * auth_basic before auth_request, so basic auth comes before the external auth, as the IR says.
 *
 * <p>The password file holds hashes, not passwords: like HAProxy's userlist and Envoy's users, which
 * sit in the configuration itself, it is written as configuration is, readable by nginx's workers,
 * which open it per request.
 */
final class NginxBasicAuth {
  /** The file of each distinct credentials, in the order routes name them. */
  private final Map<BasicAuth.Credentials, String> files = new LinkedHashMap<>();

  NginxBasicAuth(IngressIR ir) {
    Map<String, Integer> perSecret = new HashMap<>();
    ir.virtualHosts().forEach(v -> v.routes().forEach(r -> r.basicAuth().map(BasicAuth::credentials)
        .filter(BasicAuth.Credentials::usable).ifPresent(c -> files.computeIfAbsent(c, k -> {
          // The same Secret read as another secret type holds other users: its own file.
          int n = perSecret.merge(k.secret(), 1, Integer::sum);
          return "auth/" + k.secret() + (n == 1 ? "" : "-" + n) + ".htpasswd";
        }))));
  }

  /** The location's basic auth for {@code r}; null for a route without one. */
  BasicView of(Route r) {
    if (r.basicAuth().isEmpty()) {
      return null;
    }
    BasicAuth a = r.basicAuth().get();
    return a.credentials().usable() ? new BasicView(a.realm(), files.get(a.credentials()), false)
        : new BasicView(a.realm(), null, true);
  }

  /** The password files, {@code user:hash} lines in the Secret's order. */
  List<EmittedFile> files() {
    List<EmittedFile> out = new ArrayList<>();
    files.forEach((c, path) -> {
      StringBuilder sb = new StringBuilder();
      c.users().forEach(u -> sb.append(u.name()).append(':').append(u.hash()).append('\n'));
      out.add(EmittedFile.text(path, sb.toString()));
    });
    return out;
  }

  /**
   * A location's basic auth.
   *
   * @param realm auth_basic's realm
   * @param file the password file, relative to nginx.conf; null when unusable
   * @param unusable whether the location answers 503 instead (its credentials cannot be used)
   */
  public record BasicView(String realm, String file, boolean unusable) {}
}
