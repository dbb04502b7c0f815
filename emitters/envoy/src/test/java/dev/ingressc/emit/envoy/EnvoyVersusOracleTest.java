package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.emit.envoy.EnvoyInterpreter.Answer;
import dev.ingressc.emit.envoy.EnvoyInterpreter.Outcome;
import dev.ingressc.emit.envoy.EnvoyRoutingCases.Probe;
import dev.ingressc.emit.envoy.EnvoyRoutingCases.Scenario;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.TlsCertificate;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every case through the Envoy interpreter over the emitted bootstrap and compares each
 * answer with the route oracle: same status, same endpoints, same certificate, same redirect.
 */
class EnvoyVersusOracleTest {
  /** The brief's mapping of load-balancing settings to Envoy policies. */
  private static final Map<LoadBalancing, Cluster.LbPolicy> LB = Map.of(
      LoadBalancing.ROUND_ROBIN, Cluster.LbPolicy.ROUND_ROBIN,
      LoadBalancing.LEAST_CONNECTIONS, Cluster.LbPolicy.LEAST_REQUEST,
      LoadBalancing.RANDOM, Cluster.LbPolicy.RANDOM,
      LoadBalancing.CLIENT_IP_HASH, Cluster.LbPolicy.RING_HASH);

  static Stream<Scenario> scenarios() {
    return EnvoyRoutingCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void envoyAnswersAsTheOracleDoes(Scenario s) {
    Emitted e = Emitted.of(s.yaml(), s.options(), EnvoyRoutingCases.HTTP_PORT, s.httpsPort(), EnvoyJson.Format.YAML);
    RouteOracle oracle = new RouteOracle(e.ir());
    EnvoyInterpreter envoy = e.interpreter();
    List<String> failures = new ArrayList<>();
    int forwarded = 0;
    for (Probe p : s.probes()) {
      // Both from the interpreter's default client, so a route's source ranges are decided alike.
      RouteAnswer o = oracle.route(new RouteRequest(p.host(), p.path(), p.sni(), s.httpsPort())
          .withSource(EnvoyInterpreter.Request.DEFAULT_SOURCE));
      Answer a = envoy.handle(new EnvoyInterpreter.Request(
          p.sni().isPresent() ? s.httpsPort() : EnvoyRoutingCases.HTTP_PORT, p.sni(), p.host(), p.path()));
      p.expect().flatMap(x -> specMismatch(x, o)).ifPresent(m -> failures.add(p + ": oracle vs spec: " + m));
      compare(e.ir(), e.endpoints(), o, a).ifPresent(m -> failures.add(p + ": " + m + "\n    oracle: " + o.explanation()
          + "\n    envoy:  " + a.trace()));
      forwarded += a.outcome() == Outcome.FORWARDED ? 1 : 0;
    }
    assertThat(failures).as("scenario %s; diagnostics:%n%s", s.name(), e.diagnostics()).isEmpty();
    assertThat(s.probes()).as("every scenario probes something").isNotEmpty();
    if (s.probes().stream().anyMatch(p -> p.expect().filter(x -> Character.isLetter(x.charAt(0))).isPresent())) {
      assertThat(forwarded).as("requests forwarded to a backend in %s", s.name()).isPositive();
    }
  }

  /** What the spec says, checked against the oracle so the comparison is not with a wrong oracle. */
  private static Optional<String> specMismatch(String expect, RouteAnswer o) {
    String got = switch (o.status()) {
      case 0 -> "refused";
      case 200 -> o.backend().map(b -> b.ref() instanceof BackendRef.ServicePort sp ? sp.service() : b.ref().display())
          .orElse("?");
      default -> Integer.toString(o.status());
    };
    return got.equals(expect) ? Optional.empty() : Optional.of("expected " + expect + ", oracle says " + got);
  }

  static Optional<String> compare(IngressIR ir, EndpointTable endpoints, RouteAnswer o, Answer a) {
    if (o.status() == RouteAnswer.PASSED_THROUGH) {
      return passedThrough(endpoints, o, a);
    }
    if (o.status() == RouteAnswer.HANDSHAKE_REFUSED) {
      return a.outcome() == Outcome.CONNECTION_CLOSED ? Optional.empty()
          : Optional.of("oracle refuses the handshake, Envoy does not: " + a.outcome());
    }
    if (a.outcome() == Outcome.CONNECTION_CLOSED) {
      return Optional.of("Envoy closes the connection, oracle answers " + o.status());
    }
    if (o.certificate().isPresent()) {
      String expected = certificatePem(ir, o.certificate().get());
      if (!a.certificatePem().equals(Optional.of(expected))) {
        return Optional.of("Envoy serves a different certificate than " + o.certificate().get());
      }
    }
    if (o.location().isPresent() && o.route().flatMap(dev.ingressc.ir.Route::redirect)
        .map(dev.ingressc.ir.Redirect::location).equals(o.location())) {
      // A route's redirect (SEMANTICS.md, Redirects): the same code and the Location byte for byte.
      return a.status() == o.status() && a.location().equals(o.location()) ? Optional.empty()
          : Optional.of("oracle: " + o.status() + " to " + o.location().get() + "; Envoy: " + a.status() + " "
              + a.location());
    }
    Optional<String> cors = corsMismatch(o, a);
    if (cors.isPresent()) {
      return cors;
    }
    switch (o.status()) {
      case 200 -> {
        if (a.outcome() != Outcome.FORWARDED) {
          return Optional.of("oracle forwards to " + o.upstream().get().name() + ", Envoy answers " + a.status());
        }
        Upstream u = o.upstream().get();
        List<String> want = endpoints.of(u.name()).stream().map(x -> x.address() + ":" + x.port()).sorted().toList();
        List<String> got = a.endpoints().stream().sorted().toList();
        Cluster c = a.cluster().get();
        Cluster.DiscoveryType type = u.kind() == UpstreamKind.DNS ? Cluster.DiscoveryType.STRICT_DNS
            : Cluster.DiscoveryType.STATIC;
        // Session affinity hashes by the cookie on a ring (SEMANTICS.md, Session affinity).
        Cluster.LbPolicy lb = u.affinity().isPresent() ? Cluster.LbPolicy.RING_HASH : LB.get(u.loadBalancing());
        if (!want.equals(got) || c.getType() != type || c.getLbPolicy() != lb) {
          return Optional.of("oracle: " + u.name() + " " + u.kind() + " " + want + " " + u.loadBalancing() + "; Envoy: "
              + c.getName() + " " + c.getType() + " " + got + " " + c.getLbPolicy());
        }
        return rewriteMismatch(o, a);
      }
      case 308 -> {
        if (a.status() != 308 || !sameUrl(o.location().get(), a.location().orElse(""))) {
          return Optional.of("oracle: 308 to " + o.location().get() + "; Envoy: " + a.status() + " " + a.location());
        }
        return Optional.empty();
      }
      default -> {
        return a.status() == o.status() && a.outcome() != Outcome.FORWARDED ? Optional.empty()
            : Optional.of("oracle: " + o.status() + "; Envoy: " + a.outcome() + " " + a.status());
      }
    }
  }

  /**
   * A CORS route (SEMANTICS.md, CORS): the answer carries the oracle's headers, no others of the
   * route's, and a forwarded one never the backend's own of those names.
   */
  static Optional<String> corsMismatch(RouteAnswer o, Answer a) {
    if (!a.responseHeaders().equals(o.responseHeaders())) {
      return Optional.of("oracle: response headers " + o.responseHeaders() + "; Envoy's route sets " + a.responseHeaders());
    }
    if (o.route().flatMap(dev.ingressc.ir.Route::cors).isPresent() && a.outcome() == Outcome.FORWARDED
        && !a.responseHeadersRemoved().containsAll(dev.ingressc.ir.Cors.HEADER_NAMES)) {
      return Optional.of("the backend's own CORS headers pass: Envoy's route removes only " + a.responseHeadersRemoved());
    }
    return Optional.empty();
  }

  /**
   * A rewritten route (SEMANTICS.md, Rewrites): the target the backend receives and the
   * X-Forwarded-Prefix Envoy adds (none on a route without x-forwarded-prefix) are the oracle's.
   */
  static Optional<String> rewriteMismatch(RouteAnswer o, Answer a) {
    Optional<String> prefix = o.route().flatMap(dev.ingressc.ir.Route::rewrite)
        .flatMap(dev.ingressc.ir.Rewrite::forwardedPrefix);
    if (!a.rewrittenTarget().equals(o.backendTarget())) {
      return Optional.of("oracle: the backend receives " + o.backendTarget().orElse("the target as sent") + "; Envoy: "
          + a.rewrittenTarget().orElse("the target as sent"));
    }
    if (!Optional.ofNullable(a.headersAdded().get("x-forwarded-prefix")).equals(prefix)) {
      return Optional.of("oracle: X-Forwarded-Prefix " + prefix + "; Envoy adds " + a.headersAdded());
    }
    return Optional.empty();
  }

  /**
   * Same URL after RFC 3986 normalization: the host compares case-insensitively and without a
   * trailing dot, and an explicit default port equals none. The path and query must be identical,
   * byte for byte (they are the request target as sent, which java.net.URI may refuse to parse).
   */
  static boolean sameUrl(String x, String y) {
    Url a = Url.split(x);
    Url b = Url.split(y);
    return a != null && b != null && a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port()
        && a.target().equals(b.target());
  }

  /** An absolute URL as scheme, normalized host, port (the default when absent) and the rest. */
  private record Url(String scheme, String host, int port, String target) {
    static Url split(String url) {
      int colon = url.indexOf("://");
      if (colon < 0) {
        return null;
      }
      String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
      int slash = url.indexOf('/', colon + 3);
      String authority = slash < 0 ? url.substring(colon + 3) : url.substring(colon + 3, slash);
      String target = slash < 0 ? "/" : url.substring(slash);
      URI hostPort = URI.create(scheme + "://" + authority);
      String h = hostPort.getHost().toLowerCase(Locale.ROOT);
      h = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
      int port = hostPort.getPort() >= 0 ? hostPort.getPort() : scheme.equals("https") ? 443 : 80;
      return new Url(scheme, h, port, target);
    }
  }

  private static String certificatePem(IngressIR ir, String id) {
    return Stream.concat(ir.certificates().stream(), ir.defaultCertificate().stream())
        .filter(c -> c.id().equals(id))
        .map(TlsCertificate::certificatePem)
        .findFirst()
        .orElseThrow();
  }

  /** ssl-passthrough: a tcp_proxy to the oracle's upstream's endpoints; none: the connection is closed. */
  private static Optional<String> passedThrough(EndpointTable endpoints, RouteAnswer o, Answer a) {
    Upstream u = o.upstream().orElseThrow();
    if (u.unavailable()) {
      return a.outcome() == Outcome.CONNECTION_CLOSED ? Optional.empty()
          : Optional.of("oracle closes the passed-through connection, Envoy: " + a.outcome());
    }
    List<String> want = endpoints.of(u.name()).stream().map(x -> x.address() + ":" + x.port()).sorted().toList();
    List<String> got = a.endpoints().stream().sorted().toList();
    return a.outcome() == Outcome.TCP_PROXIED && want.equals(got) ? Optional.empty()
        : Optional.of("oracle passes the TLS stream to " + u.name() + " " + want + "; Envoy: " + a.outcome() + " " + got);
  }
}
