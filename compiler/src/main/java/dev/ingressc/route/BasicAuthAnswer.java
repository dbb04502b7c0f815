package dev.ingressc.route;

import dev.ingressc.diag.UserText;
import dev.ingressc.ir.BasicAuth;
import dev.ingressc.ir.Route;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The oracle's part for a route with basic auth (SEMANTICS.md, Basic auth): once the route would
 * send the request to a backend (200), the proxy asks for a user of the Secret and its password
 * before anything else (the external auth comes after). Without them the client gets 401 with the
 * realm's WWW-Authenticate; credentials that cannot be used give 503. The answer keeps the CORS
 * headers decided before it.
 */
final class BasicAuthAnswer {
  private BasicAuthAnswer() {}

  static RouteAnswer apply(Route winner, RouteRequest req, RouteAnswer a, List<String> why) {
    if (winner.basicAuth().isEmpty() || a.status() != 200) {
      return a;
    }
    BasicAuth auth = winner.basicAuth().get();
    String asks = "basic auth of Ingress " + winner.origin().ingress() + " (users of Secret "
        + auth.credentials().secret() + ", realm " + UserText.quote(auth.realm()) + ")";
    if (!auth.credentials().usable()) {
      why.add(asks + ": " + auth.credentials().unusable().get() + ", so every request gets 503, never the backend");
      return answer(a, 503, a.responseHeaders(), why);
    }
    Optional<Credentials> sent = Credentials.of(req.headers().get("authorization"));
    if (sent.isEmpty()) {
      why.add(asks + ": the request sends no Authorization: Basic user and password, so it gets 401");
      return challenge(a, auth, why);
    }
    Optional<BasicAuth.User> user = auth.credentials().users().stream()
        .filter(u -> Arrays.equals(u.name().getBytes(StandardCharsets.UTF_8), sent.get().user())).findFirst();
    if (user.isEmpty()) {
      why.add(asks + ": user " + UserText.quote(new String(sent.get().user(), StandardCharsets.UTF_8))
          + " is not one of the Secret's, so the request gets 401");
      return challenge(a, auth, why);
    }
    if (!PasswordCheck.matches(user.get(), sent.get().password())) {
      why.add(asks + ": the password of user " + UserText.quote(user.get().name()) + " does not match its "
          + user.get().format().prefix() + " hash, so the request gets 401");
      return challenge(a, auth, why);
    }
    why.add(asks + ": user " + UserText.quote(user.get().name()) + " and its password match: the request goes on");
    return a;
  }

  private static RouteAnswer challenge(RouteAnswer a, BasicAuth auth, List<String> why) {
    Map<String, String> headers = new LinkedHashMap<>(a.responseHeaders());
    headers.put("WWW-Authenticate", auth.challenge());
    return answer(a, 401, headers, why);
  }

  private static RouteAnswer answer(RouteAnswer a, int status, Map<String, String> headers, List<String> why) {
    return new RouteAnswer(status, Optional.empty(), Optional.empty(), a.virtualHost(), a.route(), a.candidates(),
        a.certificate(), Optional.empty(), why, a.canonicalPath(), Optional.empty(), Optional.empty(), headers,
        RouteAnswer.Step.BASIC_AUTH);
  }

  /** The user and password of an {@code Authorization: Basic} value, as bytes. */
  record Credentials(byte[] user, byte[] password) {
    static Optional<Credentials> of(String value) {
      if (value == null || value.length() < 6 || !value.regionMatches(true, 0, "Basic ", 0, 6)) {
        return Optional.empty();
      }
      byte[] decoded;
      try {
        decoded = Base64.getDecoder().decode(value.substring(6).strip());
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      for (int i = 0; i < decoded.length; i++) {
        if (decoded[i] == ':') {
          return Optional.of(new Credentials(Arrays.copyOfRange(decoded, 0, i),
              Arrays.copyOfRange(decoded, i + 1, decoded.length)));
        }
      }
      return Optional.empty();
    }
  }
}
