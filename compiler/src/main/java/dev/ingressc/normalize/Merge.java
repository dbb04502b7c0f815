package dev.ingressc.normalize;

import dev.ingressc.FlagValue;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Backend;
import dev.ingressc.ir.BackendProtocol;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.Origin;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.RouteSettings;
import dev.ingressc.validate.Names;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The step {@code merge}: the routes of one host from the taken Ingresses with rules for it, in the
 * spec's conflict order (oldest first, then namespace/name): the first to claim a host, match and
 * path wins, and the others are told who won and why. Likewise the default backend. A function of
 * its arguments; backends are resolved through {@link Cells}.
 */
final class Merge {
  /**
   * Route precedence inside a host: longest match path, Exact before Prefix, then by path; regex
   * paths (a host has only those or none) as ingress-nginx orders its locations: longest first, then
   * by path in reverse order.
   */
  static final Comparator<Route> PRECEDENCE = Comparator
      .comparingInt((Route r) -> -r.matchPath().length())
      .thenComparing(Route::match)
      .thenComparing((a, b) -> a.match() == PathMatch.REGEX ? b.path().compareTo(a.path()) : a.path().compareTo(b.path()));

  /** Resolves the backends a host names (the step {@code upstreams}' first half). */
  interface Cells {
    Resolution.Cell service(BackendRef.ServicePort ref, LoadBalancing lb, BackendProtocol protocol);

    Resolution.Cell resource(BackendRef.Resource ref, ClassParameters params);

    /** The users of the Secret {@code spec} names ({@link AuthSecrets}). */
    dev.ingressc.ir.BasicAuth.Credentials credentials(AuthSecrets.Key key);
  }

  private Merge() {}

  /** The routes of {@code host}; {@code contenders} are the taken Ingresses with rules for it, in conflict order. */
  static HostRoutes host(String host, List<Taken> contenders, Cells cells) {
    HostRoutes out = new HostRoutes();
    Map<CheckedIngress.RouteKey, Taken> owners = new HashMap<>();
    boolean regexHost = RegexHosts.regexHost(contenders);
    for (Taken t : contenders) {
      if (t.checked().canary() != null) {
        continue; // attached below, never a route of its own
      }
      List<CheckedIngress.PathRule> paths = t.checked().paths();
      Optional<dev.ingressc.ir.BasicAuth> basicAuth = basicAuth(t, out, cells);
      if (regexHost) {
        RegexHosts.changedMeaning(host, t, contenders).ifPresent(w -> out.diagnostics.add(
            t.source().warning(paths.stream().filter(p -> p.key().host().equals(host)).findFirst().orElseThrow().field(), w)));
      }
      for (int i = 0; i < paths.size(); i++) {
        CheckedIngress.PathRule rule = paths.get(i);
        CheckedIngress.RouteKey key = rule.key();
        if (!key.host().equals(host)) {
          continue;
        }
        if (regexHost) {
          key = RegexHosts.key(host, rule);
          var problem = RegexHosts.problem(rule);
          if (problem.isPresent()) {
            out.diagnostics.add(t.source().error(rule.field() + ".path", problem.get()));
            continue;
          }
        }
        Taken owner = owners.get(key);
        if (owner != null) {
          PathMatch match = key.match();
          String what = "ignored: host " + Names.quote(host.isEmpty() ? "*" : host) + " path "
              + Names.quote(rule.path()) + " (" + match.name().charAt(0)
              + match.name().substring(1).toLowerCase(Locale.ROOT) + ")";
          out.diagnostics.add(t.source().warning(rule.field(), owner == t
              ? what + " repeats an earlier path of this Ingress, which wins"
              : what + " is also defined by Ingress " + owner.id() + ", which wins (" + Taken.whyWins(owner, t) + ")"));
          continue;
        }
        Resolution r = resolve(t, i, rule.backendOrigin(), rule.backend(), out, cells);
        if (r == null) {
          continue;
        }
        owners.put(key, t);
        out.routes.add(new Route(rule.path(), key.match(), rule.pathType(), r.backend(),
            settings(t), rule.origin(), Optional.empty(), t.checked().redirect(),
            t.checked().sslRedirect(), RouteRewrites.forRoute(t.checked().rewrite(), rule.path(), key.match(),
                w -> out.diagnostics.add(t.source().warning(rule.field() + ".path", w))), t.checked().upstreamHost(),
            t.checked().sourceRanges(), t.checked().cors(), t.checked().rateLimit(),
            t.checked().externalAuth(), basicAuth, t.checked().connectionLimit()));
      }
    }
    Canaries.attach(host, contenders, out, r -> owners.get(keyOf(host, r)), (t, i, rule, main, protocol) -> {
      Resolution r = resolve(t, i, rule.backendOrigin(), rule.backend(), out, cells, protocol,
          main.settings().connectTimeout());
      return r == null ? null : r.backend();
    });
    out.routes.sort(PRECEDENCE);
    SslPassthroughs.decide(host, contenders, out);
    AppRoots.decide(host, contenders, out);
    WwwRedirects.decide(host, contenders, out);
    return out;
  }

  /** The Ingress's basic auth with the users of its Secret, recorded as read by this host. */
  private static Optional<dev.ingressc.ir.BasicAuth> basicAuth(Taken t, HostRoutes out, Cells cells) {
    if (t.checked().basicAuth().isEmpty()) {
      return Optional.empty();
    }
    BasicAuthAnnotations.Spec spec = t.checked().basicAuth().get();
    AuthSecrets.Key key = new AuthSecrets.Key(spec.namespace(), spec.name(), spec.type());
    if (!out.authSecrets.contains(key)) {
      out.authSecrets.add(key);
    }
    return Optional.of(new dev.ingressc.ir.BasicAuth(spec.realm(), cells.credentials(key)));
  }

  /** A route's settings: its class's, with its Ingress's proxy-* annotations over them. */
  private static RouteSettings settings(Taken t) {
    return t.checked().proxy().apply(t.selection().parameters().settings());
  }

  private static CheckedIngress.RouteKey keyOf(String host, Route r) {
    return new CheckedIngress.RouteKey(host, r.match(), r.matchPath());
  }

  /**
   * The default backend: the first of {@code withDefault} (the taken Ingresses with a
   * spec.defaultBackend, in conflict order) whose backend resolves, else the controller's.
   */
  static HostRoutes defaults(List<Taken> withDefault, Optional<FlagValue<BackendRef.ServicePort>> controller, Cells cells) {
    HostRoutes out = new HostRoutes();
    Taken owner = null;
    for (Taken t : withDefault) {
      if (owner == null) {
        Origin origin = new Origin(t.source().key().namespace(), t.source().key().name(), "spec.defaultBackend");
        Resolution r = resolve(t, -1, origin, t.checked().defaultBackend(), out, cells);
        if (r != null) {
          out.backend = r.backend();
          owner = t;
        }
      } else {
        out.diagnostics.add(t.source().warning("spec.defaultBackend", "ignored: Ingress " + owner.id()
            + " also has a defaultBackend and wins (" + Taken.whyWins(owner, t) + ")"));
      }
    }
    if (out.backend == null && controller.isPresent()) {
      controllerDefault(controller.get(), out, cells);
    }
    return out;
  }

  /**
   * Resolves a backend into {@code out}: problems go to its findings, reported against the
   * origin's field; a resolution that gives a backend is recorded there too.
   */
  private static Resolution resolve(Taken t, int seq, Origin origin, BackendRef b, HostRoutes out, Cells cells) {
    // A route asks for its own connect timeout; a default backend for the defaults'.
    return resolve(t, seq, origin, b, out, cells, t.checked().protocol(),
        seq < 0 ? RouteSettings.DEFAULTS.connectTimeout() : settings(t).connectTimeout());
  }

  /** As above, spoken to in {@code protocol} (a canary's is its main route's). */
  private static Resolution resolve(Taken t, int seq, Origin origin, BackendRef b, HostRoutes out, Cells cells,
      BackendProtocol protocol, Duration connect) {
    String field = origin.field();
    Function<String, Diagnostic> warning = msg -> t.source().warning(field, msg);
    var report = BackendResolver.reporter(out.diagnostics::add, warning, msg -> t.source().error(field, msg));
    ClassParameters params = t.selection().parameters();
    Resolution.Cell cell = b instanceof BackendRef.Resource r ? cells.resource(r, params)
        : cells.service((BackendRef.ServicePort) b, params.loadBalancing(), protocol);
    BackendResolver.Proposal p = cell.proposal;
    p.local().forEach(l -> l.replay(report));
    if (b instanceof BackendRef.Resource && protocol != BackendProtocol.HTTP && p.upstream() != null) {
      report.warning("the backend protocol " + protocol + " (" + BackendProtocols.FIELD
          + ") does not apply to a resource backend, whose URL is http://; HTTP is used");
    }
    if (p.upstream() == null) {
      return null;
    }
    Resolution r = new Resolution(t, seq, new Backend(p.ref(), p.upstream().name(), origin), cell, field, connect);
    out.resolutions.add(r);
    return r;
  }

  /** The controller's --default-backend, as the CLI parsed it. */
  private static void controllerDefault(FlagValue<BackendRef.ServicePort> flag, HostRoutes out, Cells cells) {
    Function<String, Diagnostic> error = msg -> new Diagnostic(Severity.ERROR, "", "", 0, "--default-backend", msg);
    if (flag.value().isEmpty()) {
      out.diagnostics.add(error.apply(flag.problem() + "; no controller default backend is used"));
      return;
    }
    BackendRef.ServicePort ref = flag.value().get();
    Function<String, Diagnostic> warning = msg -> new Diagnostic(Severity.WARNING, "", "", 0, "--default-backend", msg);
    var report = BackendResolver.reporter(out.diagnostics::add, warning, error);
    Resolution.Cell cell = cells.service(ref, ClassParameters.DEFAULTS.loadBalancing(), BackendProtocol.HTTP);
    BackendResolver.Proposal p = cell.proposal;
    p.local().forEach(l -> l.replay(report));
    Backend b = new Backend(ref, p.upstream().name(), new Origin("", "", "--default-backend"));
    out.resolutions.add(new Resolution(null, 0, b, cell, "--default-backend", RouteSettings.DEFAULTS.connectTimeout()));
    out.backend = b;
  }
}
