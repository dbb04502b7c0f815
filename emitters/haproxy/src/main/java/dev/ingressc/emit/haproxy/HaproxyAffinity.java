package dev.ingressc.emit.haproxy;

import dev.ingressc.ir.Affinity;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.Upstream;
import java.util.Optional;

/**
 * Session affinity (SEMANTICS.md, Session affinity) in HAProxy: its cookie persistence, in a
 * backend of an upstream with affinity. {@code cookie NAME insert dynamic} names each server by a
 * hash of its address and port (and {@code dynamic-cookie-key}), so a slot the runtime API moves to
 * another endpoint gets that endpoint's value: a client whose cookie names a server in use goes to
 * it; any other is balanced as usual and gets the server's cookie. Without {@code indirect} the
 * cookie reaches the server as the client sent it and no Set-Cookie is sent again to a client that
 * has the right one, as on the other targets. HAProxy writes {@code NAME=VALUE; path=/}; an
 * {@code http-after-response replace-header} rewrites exactly that field into every target's
 * attributes ({@link Affinity#attributes}), {@code Secure} over TLS ({@code ssl_fc}) or when set.
 */
public final class HaproxyAffinity {
  /** The secret HAProxy hashes with each server's address and port; the value is opaque, not secret. */
  static final String DYNAMIC_COOKIE_KEY = "ingressc";

  private HaproxyAffinity() {}

  /**
   * A backend's session affinity.
   *
   * @param cookie the cookie's name
   * @param key the dynamic-cookie-key
   * @param inserted the regex of the field HAProxy inserts, the value captured
   * @param overTls what replaces it on an answer over TLS
   * @param plain what replaces it on an answer over plain HTTP
   */
  public record View(String cookie, String key, String inserted, String overTls, String plain) {}

  /** The affinity of a backend of {@code u} for {@code route} (null: the default backend); empty without one. */
  static Optional<View> of(Upstream u, Route route) {
    if (u.affinity().isEmpty() || u.unavailable()) {
      return Optional.empty();
    }
    Affinity a = u.affinity().get();
    String path = a.cookiePath(route);
    String name = a.cookieName();
    return Optional.of(new View(name, DYNAMIC_COOKIE_KEY, "^" + name.replace(".", "\\.") + "=([^;]*); path=/$",
        name + "=\\1" + a.attributes(path, true), name + "=\\1" + a.attributes(path, false)));
  }
}
