package dev.ingressc.ir;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Session affinity by cookie on one upstream (SEMANTICS.md, Session affinity): ingress-nginx's
 * {@code affinity: cookie} with its {@code session-cookie-*} settings and {@code affinity-mode}.
 * A request that carries the cookie naming a ready endpoint of the upstream goes to that endpoint;
 * any other request is balanced as usual and its answer sets the cookie, naming the endpoint that
 * answered. The cookie's value is opaque and each target's own (a cookie one target set need not
 * mean anything to another); its attributes are the same on every target, in this order:
 * {@code Max-Age}, {@code Path}, {@code SameSite}, {@code Secure}, {@code HttpOnly}
 * ({@link #attributes}). There is never an {@code Expires}: session-cookie-expires gives the
 * lifetime as {@code Max-Age} when session-cookie-max-age is not set.
 *
 * @param cookieName the cookie's name: letters, digits, {@code -}, {@code _} and {@code .}
 *     ({@link #COOKIE_NAME}; a subset of RFC 6265's token)
 * @param path the cookie's Path as session-cookie-path gives it; empty: each route's own path
 *     ({@link #cookiePath})
 * @param maxAge the cookie's lifetime in seconds, from 1 to {@link #MAX_AGE_LIMIT}; empty: a
 *     session cookie
 * @param sameSite the cookie's SameSite attribute; empty: none is sent
 * @param secure whether the cookie is Secure over plain HTTP too (it always is over TLS)
 * @param mode ingress-nginx's affinity-mode, as asked (every target serves both alike: SEMANTICS.md)
 */
public record Affinity(String cookieName, Optional<String> path, Optional<Long> maxAge, Optional<SameSite> sameSite,
    boolean secure, Mode mode) {
  /** ingress-nginx's default cookie name. */
  public static final String DEFAULT_COOKIE_NAME = "INGRESSCOOKIE";
  /** A cookie name every target can print and match without quoting: a subset of RFC 6265's token. */
  public static final Pattern COOKIE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  /** A cookie path: {@code /} then path characters without {@code , ; %}, quotes or spaces. */
  public static final Pattern COOKIE_PATH = Pattern.compile("/[A-Za-z0-9._~!&()*+=:@/-]{0,253}");
  /** The longest lifetime: HAProxy's and Envoy's 32-bit seconds. */
  public static final long MAX_AGE_LIMIT = Integer.MAX_VALUE;

  /** ingress-nginx's affinity-mode. */
  public enum Mode {
    BALANCED, PERSISTENT;

    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The SameSite attribute's values, spelled as sent. */
  public enum SameSite {
    NONE("None"), LAX("Lax"), STRICT("Strict");

    private final String spelling;

    SameSite(String spelling) {
      this.spelling = spelling;
    }

    public String spelling() {
      return spelling;
    }
  }

  public Affinity {
    if (!COOKIE_NAME.matcher(cookieName).matches() || path.isPresent() && !COOKIE_PATH.matcher(path.get()).matches()
        || maxAge.isPresent() && (maxAge.get() < 1 || maxAge.get() > MAX_AGE_LIMIT)) {
      throw new IllegalArgumentException("not a valid session affinity cookie: " + cookieName);
    }
  }

  /** ingress-nginx's defaults: {@code INGRESSCOOKIE}, the route's path, a session cookie, balanced. */
  public static Affinity defaults() {
    return new Affinity(DEFAULT_COOKIE_NAME, Optional.empty(), Optional.empty(), Optional.empty(), false,
        Mode.BALANCED);
  }

  /**
   * The cookie's Path on the answers of {@code route} (null: the default backend): session-cookie-path,
   * else the route's path as written (ingress-nginx's location path), else {@code /} for a regex
   * route (ingress-nginx would send the regular expression) and the default backend.
   */
  public String cookiePath(Route route) {
    if (path.isPresent()) {
      return path.get();
    }
    return route == null || route.match() == PathMatch.REGEX ? "/" : route.path();
  }

  /** Whether the cookie is Secure on an answer over TLS ({@code tls}) or plain HTTP. */
  public boolean secureOver(boolean tls) {
    return secure || tls;
  }

  /**
   * What follows {@code NAME=VALUE} in the Set-Cookie field, on every target: {@code ; Max-Age=N}
   * (when set), {@code ; Path=P}, {@code ; SameSite=S} (when set), {@code ; Secure} (when set or over
   * TLS), {@code ; HttpOnly}. Envoy's fixed order (max age, path, attributes, HttpOnly).
   */
  public String attributes(String cookiePath, boolean tls) {
    return maxAge.map(s -> "; Max-Age=" + s).orElse("") + "; Path=" + cookiePath
        + sameSite.map(s -> "; SameSite=" + s.spelling()).orElse("") + (secureOver(tls) ? "; Secure" : "")
        + "; HttpOnly";
  }

  /** The settings in words, e.g. {@code cookie INGRESSCOOKIE, Max-Age 3600, SameSite Lax, mode balanced}. */
  public String describe() {
    return "cookie " + cookieName + path.map(p -> ", Path " + p).orElse("") + maxAge.map(s -> ", Max-Age " + s)
        .orElse(", a session cookie") + sameSite.map(s -> ", SameSite " + s.spelling()).orElse("")
        + (secure ? ", always Secure" : "") + ", mode " + mode.configName();
  }
}
