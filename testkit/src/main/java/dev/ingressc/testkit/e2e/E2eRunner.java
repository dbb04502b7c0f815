package dev.ingressc.testkit.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.Emitter;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.proxy.CheckResult;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.Deployment;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Replays a case through a real proxy: starts the echo backends, compiles, emits, checks the
 * config, runs the proxy, sends every probe, and compares each answer with the route oracle.
 */
public final class E2eRunner {
  private final Emitter emitter;
  private final ProxyLauncher launcher;

  public E2eRunner(Emitter emitter, ProxyLauncher launcher) {
    this.emitter = emitter;
    this.launcher = launcher;
  }

  /** What happened; {@link #mismatches} empty means the proxy agreed with the oracle everywhere. */
  public record Outcome(Compiler.Compilation compilation, EmittedFiles files, CheckResult check, List<String> mismatches,
      String proxyOutput) {}

  public Outcome run(E2eCase c) {
    try (EchoBackends backends = new EchoBackends(); CaseContext ctx = new CaseContext(backends)) {
      String yaml = c.manifests().apply(ctx);
      // Compiled for this target: an Ingress that needs what it lacks is rejected for it, in the IR the oracle reads too.
      CompileOptions options = c.options().apply(CompileOptions.defaults())
          .withTarget(new dev.ingressc.TargetProfile(emitter.target(), emitter.lacks(Optional.empty())));
      try (Deployment d = Deployment.of(c.name(), yaml, options, emitter, launcher)) {
        if (!d.running()) {
          return new Outcome(d.compilation(), d.files(), d.check(), List.of("config check failed: " + d.check().output()),
              "");
        }
        RouteOracle oracle = new RouteOracle(d.compilation().ir());
        List<String> mismatches = new ArrayList<>();
        for (Probe p : c.probes()) {
          compare(p, oracle, d.compilation().endpoints(), d.address(), d.httpPort(), d.httpsPort(), ctx, mismatches,
              d.warnings().stream().noneMatch(w -> w.startsWith("session affinity")));
        }
        ctx.authProblems().forEach(w -> mismatches.add("the auth service got a wrong auth request: " + w));
        return new Outcome(d.compilation(), d.files(), d.check(), mismatches, d.proxyOutput());
      }
    }
  }

  /** {@code affinityServed}: whether the target serves session affinity (nginx's native format warns that it does not). */
  private static void compare(Probe p, RouteOracle oracle, EndpointTable table, String address, int httpPort, int httpsPort, CaseContext ctx,
      List<String> out, boolean affinityServed) {
    RouteRequest req = new RouteRequest(p.host(), p.target(),
        p.https() ? Optional.of(p.sni().orElse("")) : Optional.empty(), httpsPort).withHeaders(p.fields())
        .withSource(p.clientAddress()).withMethod(p.method())
        .withAuthStatus(dev.ingressc.testkit.http.AuthService.statusFor(p.fields()));
    RouteAnswer want = oracle.route(req);
    // A probe without a source connects from the system's choice of loopback address.
    Optional<String> client = p.source().isEmpty() ? Optional.empty() : oracle.clientAddress(req);
    TreeSet<String> endpoints = new TreeSet<>();
    for (int i = 0; i < p.repeat(); i++) {
      HttpResult got = p.https() ? HttpProbe.httpsWith(address, httpsPort, p.sni(), p.host(), p.target(),
              p.fields().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList())
          : p.fields().isEmpty() && p.source().isEmpty() && p.method().equals("GET")
              ? HttpProbe.get(address, httpPort, p.host(), p.target())
          : HttpProbe.requestWith(address, httpPort, p.method(), p.host(), p.target(),
              p.fields().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList(), p.source());
      String problem = mismatch(p, client, want, table, got, ctx, p.https() ? httpsPort : httpPort);
      if (problem == null) {
        problem = AffinityCases.cookieProblem(p, want, got, affinityServed);
      }
      if (problem != null) {
        out.add(p + ": " + problem + "\n    oracle: " + String.join("\n            ", want.explanation()));
        return;
      }
      if (want.status() == 200) {
        endpoints.add(got.echo().path("endpoint").asText());
      }
    }
    if (want.status() == 200 && p.spread() != Probe.Spread.ANY) {
      int expected = p.spread() == Probe.Spread.ONE ? 1 : table.of(want.upstream().get().name()).size();
      if (endpoints.size() != expected) {
        out.add(p + ": " + expected + " distinct endpoints should answer, but " + endpoints + " did");
      }
    }
  }

  /** Why the proxy's answer differs from the oracle's, or null when it agrees. */
  static String mismatch(Probe p, RouteAnswer want, EndpointTable table, HttpResult got, CaseContext ctx) {
    return mismatch(p, p.source(), want, table, got, ctx, 0);
  }

  /** As above; {@code port}, when not 0, is the proxy's port the probe connected to (X-Forwarded-Port). */
  static String mismatch(Probe p, Optional<String> client, RouteAnswer want, EndpointTable table, HttpResult got,
      CaseContext ctx, int port) {
    if (want.status() == RouteAnswer.PASSED_THROUGH) {
      return PassthroughCases.mismatch(p, want, table, got, ctx);
    }
    if (want.status() == RouteAnswer.HANDSHAKE_REFUSED) {
      return got.handshakeWasRefused() ? null : "the handshake should be refused, but got status " + got.status();
    }
    if (got.handshakeWasRefused()) {
      return "the handshake was refused, but the oracle says " + want.status();
    }
    if (want.certificate().isPresent()) {
      String pem = ctx.certificates().get(want.certificate().get());
      if (pem == null || !pem.equals(pem(got))) {
        return "the certificate served is not the one of Secret " + want.certificate().get() + ": "
            + got.peerCertificate().map(c -> c.getSubjectX500Principal().getName()).orElse("none");
      }
    }
    if (got.status() != want.status()) {
      return "status " + got.status() + ", the oracle says " + want.status() + (got.status() == 200
          ? " (answered by " + got.echo().path("upstream").asText() + ")" : "");
    }
    String cors = CorsCases.headerProblem(p, want, got);
    if (cors != null) {
      return cors;
    }
    String auth = AuthCases.headerProblem(p, want, got);
    if (auth != null) {
      return auth;
    }
    String basic = BasicAuthCases.headerProblem(want, got);
    if (basic != null) {
      return basic;
    }
    if (want.location().isPresent()) {
      return want.location().equals(got.header("location")) ? null
          : "Location " + got.header("location").orElse("(none)") + ", the oracle says " + want.location().get();
    }
    if (want.status() != 200) {
      return null;
    }
    if (got.header("server").isEmpty() || got.header("date").isEmpty() || got.header("content-length").isEmpty()
        || !got.header("content-type").orElse("").equals("application/json")) {
      return "the response lost Server, Date, Content-Length or Content-Type: " + got.headers();
    }
    JsonNode echo = got.echo();
    String upstream = want.upstream().get().name();
    // A canary's weight that splits lets either backend answer (SEMANTICS.md, Canaries); the split is
    // measured apart, over many requests.
    if (want.canary().isPresent() && want.canary().get().random()) {
      String other = want.canary().get().side() == dev.ingressc.ir.Canary.Side.CANARY
          ? want.route().get().backend().upstream() : want.route().get().canary().get().backend().upstream();
      if (echo.path("upstream").asText().equals(other)) {
        upstream = other;
      }
    }
    if (!echo.path("upstream").asText().equals(upstream)) {
      return "answered by " + echo.path("upstream").asText() + ", the oracle says " + upstream;
    }
    List<String> endpoints = table.of(upstream).stream().map(Endpoint::hostPort).toList();
    if (!endpoints.contains(echo.path("endpoint").asText())) {
      return "endpoint " + echo.path("endpoint").asText() + " is not one of " + endpoints;
    }
    return transparency(p, client, want, echo, port);
  }

  /** The backend must see the request as the client sent it, plus the forwarding headers. */
  private static String transparency(Probe p, Optional<String> client, RouteAnswer want, JsonNode echo, int port) {
    String query = echo.path("query").isNull() ? "" : "?" + echo.path("query").asText();
    String target = echo.path("path").asText() + query;
    JsonNode h = echo.path("headers");
    List<String> wrong = new ArrayList<>();
    java.util.Map<String, String> seen = new java.util.TreeMap<>();
    h.fields().forEachRemaining(e -> seen.put(e.getKey(), e.getValue().asText()));
    wrong.addAll(ForwardingHeaders.problems(p, client, want, echo.path("host").asText(), seen, port));
    // The policy (SEMANTICS.md, Request targets): the backend receives the original target, path and
    // query byte for byte, whatever path the proxy routed by. The echo backend reports the request
    // line's target as it arrived.
    // A rewritten route (SEMANTICS.md, Rewrites): the rewritten target the oracle says.
    if (!target.equals(want.backendTarget().orElse(p.target()))) {
      wrong.add("target " + target + " instead of " + want.backendTarget().map(t -> "the rewritten " + t)
          .orElse("the original " + p.target()));
    }
    RewriteCases.forwardedPrefixProblem(p, want, h).ifPresent(wrong::add);
    if (!echo.path("method").asText().equals(p.method()) || !echo.path("protocol").asText().equals("HTTP/1.1")) {
      wrong.add(echo.path("method").asText() + " " + echo.path("protocol").asText());
    }
    return wrong.isEmpty() ? null : "the backend saw " + String.join(", ", wrong);
  }

  static String pem(HttpResult got) {
    return got.peerCertificate().map(c -> {
      try {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
      } catch (CertificateEncodingException e) {
        return "";
      }
    }).orElse("");
  }
}
