package dev.ingressc.route;

import dev.ingressc.diag.UserText;
import dev.ingressc.ir.Backend;
import dev.ingressc.ir.HostIndex;
import dev.ingressc.ir.HostMatching;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.PathMatching;
import dev.ingressc.ir.RequestTargets;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.TlsCertificate;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.VirtualHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers "which backend does this request reach, and why" from the IR alone. This is the oracle
 * every emitter is tested against through a real proxy.
 */
public final class RouteOracle {
  private final IngressIR ir;
  /** Host and certificate choices, shared with the emitters that make them too (nginx). */
  private final HostIndex hosts;

  public RouteOracle(IngressIR ir) {
    this.ir = ir;
    this.hosts = new HostIndex(ir);
  }

  public RouteAnswer route(RouteRequest req) {
    List<String> why = new ArrayList<>();
    String host = HostMatching.normalize(req.host());
    Optional<String> certificate = Optional.empty();
    if (req.isHttps()) {
      Optional<RouteAnswer> passedThrough = PassthroughAnswer.of(ir, hosts, req.sni().get(), why);
      if (passedThrough.isPresent()) {
        return passedThrough.get();
      }
      String sni = HostMatching.normalize(req.sni().get());
      Optional<TlsCertificate> cert = hosts.certificateFor(sni);
      if (cert.isEmpty()) {
        why.add("TLS: no certificate serves SNI " + UserText.quote(sni) + " and no default certificate is set: the handshake is refused");
        return new RouteAnswer(RouteAnswer.HANDSHAKE_REFUSED, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), List.of(), Optional.empty(), Optional.empty(), why, Optional.empty());
      }
      certificate = Optional.of(cert.get().id());
      why.add("TLS: SNI " + UserText.quote(sni) + " gets the certificate of Secret " + cert.get().id());
    }
    RequestTargets.Outcome target = RequestTargets.canonicalize(req.path());
    if (target instanceof RequestTargets.Refused refused) {
      why.add("400: " + refused.reason());
      return new RouteAnswer(RouteAnswer.BAD_REQUEST, Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), List.of(), certificate, Optional.empty(), why, Optional.empty());
    }
    String path = ((RequestTargets.Canonical) target).path();
    Optional<RouteRequest> client = ClientAddressAnswer.resolve(ir.listener().trustedProxies(), req, why);
    if (client.isEmpty()) {
      return new RouteAnswer(RouteAnswer.FORBIDDEN, Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), List.of(), certificate, Optional.empty(), why, Optional.empty()).decidedBy(RouteAnswer.Step.CLIENT_ADDRESS);
    }
    req = client.get();
    if (!path.equals(PathMatching.pathOf(req.path()))) {
      why.add("canonical path " + UserText.quote(path) + " (escapes of rule characters decoded, slashes merged); the backend"
          + " still receives the target as sent");
    }
    return AffinityAnswer.explain(req, routeCanonical(req, host, path, certificate, why).routedBy(path), why);
  }

  /**
   * The client address {@code req} is judged by, as {@link InetAddress#getHostAddress()} writes it:
   * its source, or what a trusted proxy's X-Forwarded-For names (SEMANTICS.md, Client address);
   * empty when the source is not known or the request gets 403 for a too long X-Forwarded-For.
   */
  public Optional<String> clientAddress(RouteRequest req) {
    return ClientAddressAnswer.resolve(ir.listener().trustedProxies(), req, new ArrayList<>())
        .flatMap(RouteRequest::source).map(java.net.InetAddress::getHostAddress);
  }

  private RouteAnswer routeCanonical(RouteRequest req, String host, String path, Optional<String> certificate,
      List<String> why) {
    Optional<VirtualHost> twinOf = hosts.wwwTwin(host);
    if (twinOf.isPresent()) {
      return WwwRedirectAnswer.of(req, host, twinOf.get(), certificate, why);
    }
    Optional<VirtualHost> vhost = hosts.virtualHost(host);
    if (vhost.isEmpty()) {
      why.add("host " + UserText.quote(host) + ": no rule host matches it and there are no host-less rules");
      return fallback(why, Optional.empty(), List.of(), certificate);
    }
    VirtualHost v = vhost.get();
    String vname = v.isCatchAll() ? "*" : v.host();
    why.add("host " + UserText.quote(host) + ": " + switch (v.match()) {
      case EXACT -> "matches the exact host " + v.host();
      case WILDCARD -> "matches the wildcard host " + v.host() + " (one label)";
      case ANY -> "no rule host matches it, so the host-less rules apply";
    });
    if (!req.isHttps() && v.uniformHttpsRedirect() && v.fallbackRedirectsToHttps()) {
      String location = "https://" + host + (req.httpsPort() == 443 ? "" : ":" + req.httpsPort()) + req.path();
      why.add("the host is served over TLS and the request is plain HTTP: 308 redirect to " + location);
      return new RouteAnswer(308, Optional.empty(), Optional.empty(), Optional.of(vname), Optional.empty(), List.of(),
          certificate, Optional.of(location), why, Optional.empty());
    }
    List<Route> candidates = v.routes().stream().filter(r -> PathMatching.matches(r, path)).toList();
    if (!req.isHttps() && !v.uniformHttpsRedirect()) {
      Optional<RouteAnswer> https = RouteHttpsRedirect.answer(req, host, v, vname, candidates, certificate, why);
      if (https.isPresent()) {
        return https.get();
      }
    }
    Optional<RouteAnswer> appRoot = AppRootAnswer.of(req, v, vname, path, candidates, certificate, why);
    if (appRoot.isPresent()) {
      return appRoot.get();
    }
    if (candidates.isEmpty()) {
      why.add("path " + UserText.quote(path) + ": no rule of this host matches");
      return fallback(why, Optional.of(vname), candidates, certificate);
    }
    for (Route r : candidates) {
      why.add("candidate: " + describe(r));
    }
    Route winner = candidates.get(0);
    why.add("winner: " + describe(winner) + (candidates.size() <= 1 ? ""
        : winner.match() == dev.ingressc.ir.PathMatch.REGEX
            ? " (regex paths: the first that matches in ingress-nginx's order, longest path first)"
            : " (the longest match wins; on equal length Exact beats Prefix)"));
    if (winner.redirect().isPresent()) {
      return RouteRedirectAnswer.of(winner, vname, candidates, certificate, why);
    }
    Optional<RouteAnswer> unrewritable = RouteRewriteAnswer.refused(winner, req.path(), vname, candidates, certificate,
        why);
    if (unrewritable.isPresent()) {
      return unrewritable.get();
    }
    RouteAnswer cors = CorsAnswer.apply(winner, req, RouteRewriteAnswer.rewritten(winner, req.path(), path,
        routed(req, vname, winner, candidates, certificate, why), why), why);
    return RateLimitAnswer.explain(winner, req, ExternalAuthAnswer.apply(winner, req, BasicAuthAnswer.apply(winner, req,
        cors, why), why), why);
  }

  private RouteAnswer routed(RouteRequest req, String vname, Route winner, List<Route> candidates,
      Optional<String> certificate, List<String> why) {
    return SourceRangeAnswer.apply(winner, req.source(), backendOf(req, vname, winner, candidates, certificate, why),
        why);
  }

  private RouteAnswer backendOf(RouteRequest req, String vname, Route winner, List<Route> candidates,
      Optional<String> certificate, List<String> why) {
    if (winner.canary().isPresent()) {
      CanaryChoice choice = CanaryOracle.choose(winner.canary().get(), req.headers(), why);
      Backend b = choice.side() == dev.ingressc.ir.Canary.Side.CANARY ? winner.canary().get().backend() : winner.backend();
      RouteAnswer a = answer(why, Optional.of(vname), Optional.of(winner), candidates, b, certificate);
      return new RouteAnswer(a.status(), a.backend(), a.upstream(), a.virtualHost(), a.route(), a.candidates(),
          a.certificate(), a.location(), a.explanation(), a.canonicalPath(), Optional.of(choice));
    }
    return answer(why, Optional.of(vname), Optional.of(winner), candidates, winner.backend(), certificate);
  }

  private RouteAnswer fallback(List<String> why, Optional<String> vhost, List<Route> candidates,
      Optional<String> certificate) {
    if (ir.defaultBackend().isEmpty()) {
      why.add("no default backend: 404");
      return new RouteAnswer(404, Optional.empty(), Optional.empty(), vhost, Optional.empty(), candidates, certificate,
          Optional.empty(), why, Optional.empty());
    }
    Backend b = ir.defaultBackend().get();
    why.add("the default backend " + b.ref().display() + " serves it"
        + (b.origin().name().isEmpty() ? " (--default-backend)" : " (from Ingress " + b.origin().ingress() + ")"));
    return answer(why, vhost, Optional.empty(), candidates, b, certificate);
  }

  private RouteAnswer answer(List<String> why, Optional<String> vhost, Optional<Route> route, List<Route> candidates,
      Backend b, Optional<String> certificate) {
    Upstream u = ir.upstream(b.upstream()).orElseThrow();
    int status = u.unavailable() ? 503 : 200;
    if (u.unavailable()) {
      why.add("503: " + u.reason());
    }
    route.flatMap(Route::upstreamHost).ifPresent(h -> why.add(BackendHost.explain(h, route.get())));
    route.flatMap(RouteSettingsAnswer::explain).ifPresent(why::add);
    return new RouteAnswer(status, Optional.of(b), Optional.of(u), vhost, route, candidates, certificate,
        Optional.empty(), why, Optional.empty());
  }

  private static String describe(Route r) {
    return r.declaredPathType() + (r.match() == dev.ingressc.ir.PathMatch.REGEX ? " regex ~* ^" : " ") + r.path() + " -> " + r.backend().ref().display() + " (Ingress "
        + r.origin().ingress() + ")";
  }
}
