package dev.ingressc.normalize;

import dev.ingressc.CompileOptions;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.ir.Backend;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.HostMatch;
import dev.ingressc.ir.HostTls;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Origin;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.TlsCertificate;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.VirtualHost;
import dev.ingressc.load.InputObjects;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Normalizer as it was before host-scoped reuse (a copy, for tests only): an oracle that
 * incremental compiles are compared with.
 *
 * <p>Step 4 of the pipeline: selects our Ingresses, validates them, and merges them into one
 * {@link IngressIR}. Ingresses are visited oldest first (then by namespace/name), so "first one
 * seen wins" is exactly the spec's conflict rule, whatever the input order.
 */
public final class ReferenceNormalizer {
  private static final Pattern BACKEND_SPEC = Pattern.compile("([^/]+)/([^:]+):(.+)");

  /** Route precedence inside a host: longest match path, Exact before Prefix, then by path. */
  public static final Comparator<Route> PRECEDENCE = Comparator
      .comparingInt((Route r) -> -r.matchPath().length())
      .thenComparing(Route::match)
      .thenComparing(Route::path);

  private final InputObjects in;
  private final CompileOptions options;
  private final Diagnostics diagnostics = new Diagnostics();
  private final ReferenceBackendResolver backends;
  private final ReferenceTlsResolver tls;

  /** A taken, valid Ingress with its class parameters. */
  private record Taken(Located<Ingress> ingress, CheckedIngress checked, ClassSelector.Selection selection) {
    String id() {
      return checked.id();
    }

    Instant created() {
      return checked.created();
    }
  }

  /** Oldest first, then by namespace/name: the spec's conflict order. */
  private static final Comparator<Taken> CONFLICT_ORDER = (a, b) -> {
    int c = a.created().compareTo(b.created());
    if (c == 0) c = a.ingress.key().namespace().compareTo(b.ingress.key().namespace());
    if (c == 0) c = a.ingress.key().name().compareTo(b.ingress.key().name());
    return c;
  };

  private record TlsChoice(CheckedSecret secret, boolean redirect, Taken from) {}

  private ReferenceNormalizer(InputObjects in, CompileOptions options) {
    this.in = in;
    this.options = options;
    this.backends = new ReferenceBackendResolver(in, diagnostics, options.clusterDomain());
    this.tls = new ReferenceTlsResolver(in, diagnostics, options.clock().instant());
  }

  /** The result of normalizing: the IR, and what was found on the way. */
  public record Result(IngressIR ir, Diagnostics diagnostics, List<String> takenIngresses) {}

  public static Result normalize(InputObjects in, CompileOptions options) {
    return new ReferenceNormalizer(in, options).run();
  }

  private Result run() {
    List<Taken> taken = selectAndValidate();
    Map<String, List<Route>> routesByHost = new TreeMap<>();
    Map<CheckedIngress.RouteKey, Taken> owners = new HashMap<>();
    Optional<Backend> defaultBackend = Optional.empty();
    Taken defaultOwner = null;
    for (Taken t : taken) {
      var spec = t.ingress.value().getSpec();
      if (spec.getDefaultBackend() != null) {
        if (defaultOwner == null) {
          Backend b = resolve(t, "spec.defaultBackend", spec.getDefaultBackend());
          if (b != null) {
            defaultBackend = Optional.of(b);
            defaultOwner = t;
          }
        } else {
          diagnostics.add(t.ingress.warning("spec.defaultBackend", "ignored: Ingress " + defaultOwner.id()
              + " also has a defaultBackend and wins (" + whyWins(defaultOwner, t) + ")"));
        }
      }
      for (CheckedIngress.PathRule rule : t.checked.paths()) {
        CheckedIngress.RouteKey key = rule.key();
        HTTPIngressPath path = rule.path();
        Taken owner = owners.get(key);
        if (owner != null) {
          String host = key.host();
          PathMatch match = key.match();
          String what = "ignored: host " + Names.quote(host.isEmpty() ? "*" : host) + " path "
              + Names.quote(path.getPath()) + " (" + match.name().charAt(0)
              + match.name().substring(1).toLowerCase(Locale.ROOT) + ")";
          diagnostics.add(t.ingress.warning(rule.field(), owner == t
              ? what + " repeats an earlier path of this Ingress, which wins"
              : what + " is also defined by Ingress " + owner.id() + ", which wins (" + whyWins(owner, t) + ")"));
          continue;
        }
        Backend b = resolve(t, rule.backendOrigin(), path.getBackend());
        if (b == null) {
          continue;
        }
        owners.put(key, t);
        routesByHost.computeIfAbsent(key.host(), h -> new ArrayList<>()).add(new Route(path.getPath(), key.match(),
            path.getPathType(), b, t.selection.parameters().settings(), rule.origin()));
      }
    }
    if (defaultBackend.isEmpty() && options.defaultBackend().isPresent()) {
      defaultBackend = controllerDefaultBackend(options.defaultBackend().get());
    }
    Map<String, TlsChoice> tlsByHost = chooseTls(taken, routesByHost.keySet());
    Optional<TlsCertificate> defaultCertificate = defaultCertificate();

    List<VirtualHost> vhosts = new ArrayList<>();
    routesByHost.forEach((host, routes) -> {
      routes.sort(PRECEDENCE);
      HostMatch hm = host.isEmpty() ? HostMatch.ANY : host.startsWith("*.") ? HostMatch.WILDCARD : HostMatch.EXACT;
      TlsChoice choice = tlsByHost.get(host);
      Optional<HostTls> hostTls = choice == null ? Optional.empty()
          : Optional.of(new HostTls(choice.secret.id(), choice.redirect));
      vhosts.add(new VirtualHost(host, hm, routes, hostTls));
    });
    vhosts.sort(Comparator.comparing(VirtualHost::match).thenComparing(VirtualHost::host));

    Set<String> referenced = new HashSet<>();
    vhosts.forEach(v -> v.routes().forEach(r -> referenced.add(r.backend().upstream())));
    defaultBackend.ifPresent(b -> referenced.add(b.upstream()));
    List<Upstream> upstreams = backends.upstreams(referenced);

    Map<String, TreeSet<String>> hostsBySecret = new TreeMap<>();
    Map<String, CheckedSecret> secrets = new HashMap<>();
    tlsByHost.forEach((host, c) -> {
      hostsBySecret.computeIfAbsent(c.secret.id(), k -> new TreeSet<>()).add(host);
      secrets.put(c.secret.id(), c.secret);
    });
    List<TlsCertificate> certificates = new ArrayList<>();
    hostsBySecret.forEach((id, hosts) -> certificates.add(certificate(secrets.get(id), new ArrayList<>(hosts))));

    IngressIR ir = new IngressIR(vhosts, defaultBackend, upstreams, certificates, defaultCertificate);
    return new Result(ir, diagnostics, taken.stream().map(Taken::id).toList());
  }

  private List<Taken> selectAndValidate() {
    ClassSelector selector = new ClassSelector(in, options, diagnostics);
    List<Taken> taken = new ArrayList<>();
    for (Located<Ingress> ing : in.ingresses()) {
      CheckedIngress checked = CheckedIngress.of(ing);
      Optional<ClassSelector.Selection> sel = selector.select(ing, checked.request());
      if (sel.isEmpty()) {
        continue;
      }
      checked.diagnostics().forEach(diagnostics::add);
      if (!checked.rejected()) {
        taken.add(new Taken(ing, checked, sel.get()));
      }
    }
    taken.sort(CONFLICT_ORDER);
    return taken;
  }

  private static String whyWins(Taken winner, Taken loser) {
    return winner.created().equals(loser.created()) ? "same creationTimestamp, and it sorts first by namespace/name"
        : "it is older";
  }

  private static Origin origin(Taken t, String field) {
    return new Origin(t.ingress.key().namespace(), t.ingress.key().name(), field);
  }

  private Backend resolve(Taken t, String field, io.fabric8.kubernetes.api.model.networking.v1.IngressBackend b) {
    return resolve(t, origin(t, field), b);
  }

  /** Resolves a backend; problems are reported against the origin's field. */
  private Backend resolve(Taken t, Origin origin, io.fabric8.kubernetes.api.model.networking.v1.IngressBackend b) {
    String field = origin.field();
    var report = ReferenceBackendResolver.reporter(diagnostics,
        msg -> t.ingress.warning(field, msg), msg -> t.ingress.error(field, msg));
    return backends.resolve(t.ingress.key().namespace(), b, t.selection.parameters(), origin, report);
  }

  private Optional<Backend> controllerDefaultBackend(String spec) {
    Matcher m = BACKEND_SPEC.matcher(spec);
    if (!m.matches()) {
      diagnostics.add(new Diagnostic(dev.ingressc.diag.Severity.ERROR, "", "", 0, "--default-backend",
          Names.quote(spec) + " is not NAMESPACE/SERVICE:PORT; no controller default backend is used"));
      return Optional.empty();
    }
    String port = m.group(3);
    boolean numeric = port.chars().allMatch(Character::isDigit);
    BackendRef.ServicePort ref = new BackendRef.ServicePort(m.group(1), m.group(2), numeric ? Integer.parseInt(port) : 0,
        numeric ? "" : port);
    Optional<String> problem = Names.dns1123Label(ref.namespace()).or(() -> Names.dns1035Label(ref.service()))
        .or(() -> numeric ? (ref.portNumber() >= 1 && ref.portNumber() <= 65535 ? Optional.empty()
            : Optional.of(port + " is not a port number")) : Names.portName(port));
    if (problem.isPresent()) {
      diagnostics.add(new Diagnostic(dev.ingressc.diag.Severity.ERROR, "", "", 0, "--default-backend",
          problem.get() + "; no controller default backend is used"));
      return Optional.empty();
    }
    Origin origin = new Origin("", "", "--default-backend");
    var report = ReferenceBackendResolver.reporter(diagnostics,
        msg -> new Diagnostic(dev.ingressc.diag.Severity.WARNING, "", "", 0, "--default-backend", msg),
        msg -> new Diagnostic(dev.ingressc.diag.Severity.ERROR, "", "", 0, "--default-backend", msg));
    Upstream u = backends.service(ref, ClassParameters.DEFAULTS.loadBalancing(), report);
    return Optional.of(new Backend(ref, u.name(), origin));
  }

  private Optional<TlsCertificate> defaultCertificate() {
    if (options.defaultCertificate().isEmpty()) {
      return Optional.empty();
    }
    String spec = options.defaultCertificate().get();
    int slash = spec.indexOf('/');
    Optional<String> problem = slash < 0 ? Optional.of(Names.quote(spec) + " is not NAMESPACE/SECRET")
        : Names.dns1123Label(spec.substring(0, slash)).or(() -> Names.dns1123Subdomain(spec.substring(slash + 1)));
    java.util.function.Function<String, Diagnostic> error = msg -> new Diagnostic(dev.ingressc.diag.Severity.ERROR, "", "", 0,
        "--default-certificate", msg + "; unknown SNI will be refused");
    if (problem.isPresent()) {
      diagnostics.add(error.apply(problem.get()));
      return Optional.empty();
    }
    return tls.secret(spec.substring(0, slash), spec.substring(slash + 1), error,
            msg -> new Diagnostic(dev.ingressc.diag.Severity.WARNING, "", "", 0, "--default-certificate", msg))
        .map(s -> certificate(s, List.of()));
  }

  private static TlsCertificate certificate(CheckedSecret s, List<String> hosts) {
    return new TlsCertificate(s.id(), s.certificatePem(), s.key(), hosts, s.notAfter());
  }

  /**
   * Picks the certificate of each TLS host: oldest Ingress first, as for rules. A host whose
   * certificate is unusable or does not cover it is served over HTTP only.
   */
  private Map<String, TlsChoice> chooseTls(List<Taken> taken, Set<String> servedHosts) {
    Map<String, TlsChoice> chosen = new TreeMap<>();
    for (Taken t : taken) {
      List<IngressTLS> entries = t.ingress.value().getSpec().getTls();
      if (entries == null) {
        continue;
      }
      for (int i = 0; i < entries.size(); i++) {
        IngressTLS entry = entries.get(i);
        String field = "spec.tls[" + i + "]";
        String secretName = entry.getSecretName() == null ? "" : entry.getSecretName();
        List<String> explicit = entry.getHosts() == null ? List.of() : entry.getHosts();
        if (secretName.isEmpty()) {
          diagnostics.add(t.ingress.warning(field + ".secretName", "no secretName: these hosts are served with the"
              + " default certificate if --default-certificate is set, and otherwise over HTTP only"));
          continue;
        }
        Optional<CheckedSecret> secret = tls.secret(t.ingress.key().namespace(), secretName,
            msg -> t.ingress.error(field + ".secretName", msg + "; its hosts are served over HTTP only"),
            msg -> t.ingress.warning(field + ".secretName", msg));
        if (secret.isEmpty()) {
          continue;
        }
        CheckedSecret s = secret.get();
        Set<String> hosts = new LinkedHashSet<>();
        if (explicit.isEmpty()) {
          // A tls entry without hosts covers those rule hosts of its own Ingress that the certificate covers.
          for (IngressRule rule : t.ingress.value().getSpec().getRules() == null ? List.<IngressRule>of()
              : t.ingress.value().getSpec().getRules()) {
            if (rule.getHost() != null && !rule.getHost().isEmpty() && s.covers(rule.getHost())) {
              hosts.add(rule.getHost());
            }
          }
          if (hosts.isEmpty()) {
            diagnostics.add(t.ingress.warning(field, "no hosts, and the certificate of Secret " + s.id()
                + " covers no rule host of this Ingress; the entry does nothing"));
          }
        } else {
          for (int h = 0; h < explicit.size(); h++) {
            String host = explicit.get(h);
            if (s.covers(host)) {
              hosts.add(host);
            } else {
              diagnostics.add(t.ingress.error(field + ".hosts[" + h + "]", "the certificate of Secret " + s.id()
                  + " does not cover " + Names.quote(host) + " (it covers " + String.join(", ", s.names())
                  + "); the host is served over HTTP only"));
            }
          }
        }
        for (String host : hosts) {
          TlsChoice winner = chosen.get(host);
          if (winner == null) {
            chosen.put(host, new TlsChoice(s, t.selection.parameters().sslRedirect(), t));
            if (!servedHosts.contains(host) && !coveredByWildcard(host, servedHosts)) {
              diagnostics.add(t.ingress.warning(field, "tls host " + Names.quote(host) + " is not served by any rule"));
            }
          } else if (!winner.secret.id().equals(s.id()) || winner.from != t) {
            if (!winner.secret.id().equals(s.id())) {
              diagnostics.add(t.ingress.warning(field, "ignored for host " + Names.quote(host) + ": Ingress "
                  + winner.from.id() + " sets its TLS (Secret " + winner.secret.id() + ") and wins ("
                  + whyWins(winner.from, t) + ")"));
            }
          }
        }
      }
    }
    return chosen;
  }

  private static boolean coveredByWildcard(String host, Set<String> servedHosts) {
    int dot = host.indexOf('.');
    return dot > 0 && !host.startsWith("*.") && servedHosts.contains("*" + host.substring(dot));
  }
}
