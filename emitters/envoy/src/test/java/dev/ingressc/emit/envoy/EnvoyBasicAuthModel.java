package dev.ingressc.emit.envoy;

import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.basic_auth.v3.BasicAuth;
import io.envoyproxy.envoy.extensions.filters.http.basic_auth.v3.BasicAuthPerRoute;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Envoy's basic_auth filter as its source does it (source/extensions/filters/http/basic_auth:
 * config.cc readHtpasswd, basic_auth_filter.cc decodeHeaders and onDenied):
 *
 * <ul>
 *   <li>users: the route's BasicAuthPerRoute (most specific level), else the filter's; htpasswd
 *       lines split at '\n', empty and '#' lines skipped, {@code name:hash} split at the first
 *       ':', each name once, the hash {@code {SHA}} and 28 characters after it; anything else, or
 *       the filter's own users empty, is a configuration Envoy refuses (throws here);
 *   <li>the {@code authorization} field (the first); none: 401; a value not starting with
 *       {@code "Basic "} (case-sensitive): 401; the rest decoded by Base64::decodeWithoutPadding
 *       (invalid: empty); no ':' in it: 401; the user found by exact name and the base64 of the
 *       password's SHA-1 equal to its hash: on, else 401;
 *   <li>a 401 is a local reply with {@code WWW-Authenticate: Basic realm="<buildOriginalUri>"}
 *       (x-forwarded-proto, "://", the Host as sent, the :path cut at 256 characters), set after
 *       the route's response headers, which Envoy's filter manager adds to every local reply on a
 *       route with a route action (sendLocalReplyViaFilterChain, finalizeResponseHeaders).
 * </ul>
 * A forward_username_header or authentication_header is not modelled and throws.
 */
final class EnvoyBasicAuthModel {
  private static final int MAXIMUM_URI_LENGTH = 256;
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private EnvoyBasicAuthModel() {}

  /**
   * The 401's response headers when the filter denies {@code req}, or empty when it lets it on.
   *
   * @param xfp the x-forwarded-proto the connection manager set ({@code use_remote_address})
   */
  static Optional<Map<String, String>> denial(BasicAuth config, Optional<BasicAuthPerRoute> perRoute, Route route,
      EnvoyInterpreter.Request req, String xfp, List<String> trace) {
    if (!config.getForwardUsernameHeader().isEmpty() || !config.getAuthenticationHeader().isEmpty()) {
      throw new UnsupportedOperationException("basic auth option not modelled: " + config);
    }
    Map<String, String> filterUsers = users(config.getUsers(), false);
    Map<String, String> users = perRoute.isPresent() ? users(perRoute.get().getUsers(), true) : filterUsers;
    String why = reason(users, req.headers().get("authorization"));
    if (why == null) {
      trace.add("basic auth: user and password match");
      return Optional.empty();
    }
    trace.add("basic auth: " + why + ": 401");
    Map<String, String> headers = new LinkedHashMap<>(EnvoyHttpFilters.localReplyHeaders(route, req));
    String path = req.path().length() > MAXIMUM_URI_LENGTH ? req.path().substring(0, MAXIMUM_URI_LENGTH) : req.path();
    headers.put("www-authenticate", "Basic realm=\"" + xfp + "://" + req.host() + path + "\"");
    return Optional.of(headers);
  }

  /** Why the filter denies, or null when it lets the request on. */
  private static String reason(Map<String, String> users, String authorization) {
    if (authorization == null) {
      return "no Authorization";
    }
    if (!authorization.startsWith("Basic ")) {
      return "not the Basic scheme";
    }
    byte[] decoded = decodeWithoutPadding(authorization.substring(6));
    String text = new String(decoded, StandardCharsets.ISO_8859_1); // byte for byte
    int colon = text.indexOf(':');
    if (colon < 0) {
      return "no user:password";
    }
    String hash = users.get(text.substring(0, colon));
    if (hash == null) {
      return "no such user";
    }
    byte[] password = text.substring(colon + 1).getBytes(StandardCharsets.ISO_8859_1);
    return Base64.getEncoder().encodeToString(sha1(password)).equals(hash) ? null : "wrong password";
  }

  /** readHtpasswd: name to base64 SHA-1 (names byte for byte, as ISO-8859-1 text). */
  static Map<String, String> users(DataSource source, boolean allowEmpty) {
    String text = switch (source.getSpecifierCase()) {
      case INLINE_STRING -> new String(source.getInlineString().getBytes(StandardCharsets.UTF_8),
          StandardCharsets.ISO_8859_1);
      case INLINE_BYTES -> source.getInlineBytes().toString(StandardCharsets.ISO_8859_1);
      default -> throw new UnsupportedOperationException("users from " + source.getSpecifierCase());
    };
    if (text.isEmpty() && !allowEmpty) {
      throw new IllegalStateException("Envoy refuses the config: DataSource cannot be empty");
    }
    Map<String, String> users = new LinkedHashMap<>();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new IllegalStateException("Envoy refuses the config: invalid htpasswd format");
      }
      String name = line.substring(0, colon);
      String hash = line.substring(colon + 1);
      if (name.isEmpty() || hash.isEmpty() || users.containsKey(name) || !hash.startsWith("{SHA}")
          || hash.length() != 5 + 28) {
        throw new IllegalStateException("Envoy refuses the config: htpasswd line " + name);
      }
      users.put(name, hash.substring(5));
    }
    return users;
  }

  /**
   * Base64::decodeWithoutPadding: up to two trailing '=' dropped; a character outside the
   * alphabet, a length of 4k+1, or non-zero bits left over in the last character: empty.
   */
  static byte[] decodeWithoutPadding(String input) {
    int n = input.length();
    if (n > 0 && input.charAt(n - 1) == '=') {
      n--;
      if (n > 0 && input.charAt(n - 1) == '=') {
        n--;
      }
    }
    if (n == 0 || n % 4 == 1) {
      return new byte[0];
    }
    for (int i = 0; i < n; i++) {
      if (ALPHABET.indexOf(input.charAt(i)) < 0) {
        return new byte[0];
      }
    }
    int last = ALPHABET.indexOf(input.charAt(n - 1));
    if (n % 4 == 2 && (last & 0x0f) != 0 || n % 4 == 3 && (last & 0x03) != 0) {
      return new byte[0];
    }
    return Base64.getDecoder().decode(input.substring(0, n));
  }

  private static byte[] sha1(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
