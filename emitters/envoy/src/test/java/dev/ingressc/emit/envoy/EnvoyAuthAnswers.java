package dev.ingressc.emit.envoy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ingressc.emit.envoy.EnvoyInterpreter.Answer;
import dev.ingressc.emit.envoy.EnvoyInterpreter.Outcome;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.testkit.e2e.AuthCases;
import dev.ingressc.testkit.e2e.Probe;
import dev.ingressc.testkit.http.HttpResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The external auth's part of comparing an interpreted answer with the oracle's (SEMANTICS.md,
 * External auth): the oracle does not know what the auth service puts on the client's answer
 * (WWW-Authenticate, Set-Cookie), so those fields are left out of the comparison of the route's
 * response headers and checked as the end-to-end runner checks a real proxy's answer
 * ({@link AuthCases#headerProblem}), with the sign-in Location and what the backend received.
 */
final class EnvoyAuthAnswers {
  private static final List<String> SERVICE_FIELDS = List.of("www-authenticate", "set-cookie");
  private static final ObjectMapper JSON = new ObjectMapper();

  private EnvoyAuthAnswers() {}

  private static boolean guarded(RouteAnswer o) {
    return o.route().flatMap(dev.ingressc.ir.Route::externalAuth).isPresent();
  }

  /** {@code a} without the auth service's fields the oracle cannot know, on a guarded route. */
  static Answer withoutServiceFields(RouteAnswer o, Answer a) {
    if (!guarded(o)) {
      return a;
    }
    Map<String, String> kept = new LinkedHashMap<>(a.responseHeaders());
    kept.keySet().removeIf(k -> SERVICE_FIELDS.contains(k.toLowerCase(Locale.ROOT))
        && o.responseHeaders().keySet().stream().noneMatch(k::equalsIgnoreCase));
    return new Answer(a.outcome(), a.status(), a.cluster(), a.endpoints(), a.location(), a.certificatePem(), a.route(),
        a.trace(), a.upgrade(), a.weights(), a.rewrittenTarget(), a.headersAdded(), a.forwarded(), kept,
        a.responseHeadersRemoved());
  }

  /** Why the guarded answer's auth fields, sign-in Location or backend's copied field are wrong, or empty. */
  static Optional<String> problem(Probe p, RouteAnswer o, Answer a) {
    if (!guarded(o)) {
      return Optional.empty();
    }
    if (o.decidedBy() == RouteAnswer.Step.EXTERNAL_AUTH && !a.location().equals(o.location())) {
      return Optional.of("Location " + a.location() + ", the oracle says " + o.location());
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    a.responseHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.of(v)));
    a.location().ifPresent(l -> headers.put("location", List.of(l)));
    byte[] body = new byte[0];
    if (a.outcome() == Outcome.FORWARDED) {
      try {
        body = JSON.writeValueAsBytes(Map.of("headers", a.forwarded()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    HttpResult got = new HttpResult(a.outcome() == Outcome.FORWARDED ? 200 : a.status(), headers, body,
        Optional.empty());
    return Optional.ofNullable(AuthCases.headerProblem(p, o, got));
  }
}
