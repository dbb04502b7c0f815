package dev.ingressc.normalize;

import dev.ingressc.CompileOptions;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.ir.BackendProtocol;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.HostTls;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.ListenerSettings;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.TlsCertificate;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.VirtualHost;
import dev.ingressc.load.InputObjects;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Step 4 of the pipeline, as named pure steps: {@code check} (each Ingress becomes a
 * {@link CheckedIngress}, each other object read its record through {@link CheckedObjects}; no
 * fabric8 object passes below it), {@code select} ({@link Select}),
 * {@code merge} per host ({@link Merge}), {@code tls} ({@link TlsChoices}) and {@code upstreams}
 * ({@link Upstreams}), then the {@link IngressIR}. This class runs them and memoizes them through
 * a {@link NormalizeCache}: each step is run again only for inputs the memo does not hold.
 */
public final class Normalizer {
  /** Route precedence inside a host: longest match path, Exact before Prefix, then by path. */
  public static final Comparator<Route> PRECEDENCE = Merge.PRECEDENCE;

  private final InputObjects in;
  /** This pass's objects other than Ingresses, as checked records. */
  private final CheckedObjects.Inputs checked;
  private final CompileOptions options;
  private final Diagnostics diagnostics = new Diagnostics();
  private final BackendResolver backends;
  private final TlsResolver tls;
  private final NormalizeCache cache;

  private Normalizer(InputObjects in, CompileOptions options, NormalizeCache cache) {
    this.in = in;
    this.options = options;
    this.cache = cache;
    this.checked = cache.checked.of(in);
    this.backends = new BackendResolver(checked, options.clusterDomain());
    this.tls = new TlsResolver(checked, diagnostics, options.clock().instant());
  }

  /**
   * The result of normalizing: the routing IR and the endpoints table (apart: an EndpointSlice
   * change alone gives the same IR instance as last pass, when the cache held it, and another
   * table), and what was found on the way.
   */
  public record Result(IngressIR ir, EndpointTable endpoints, Diagnostics diagnostics, List<String> takenIngresses) {}

  public static Result normalize(InputObjects in, CompileOptions options) {
    return normalize(in, options, NormalizeCache.onePass());
  }

  /** As {@link #normalize(InputObjects, CompileOptions)}, redoing only what {@code cache} does not hold. */
  public static Result normalize(InputObjects in, CompileOptions options, NormalizeCache cache) {
    return new Normalizer(in, options, cache).run();
  }

  /** The hosts a pass builds again, the memo's entries they replace, and whether the default backend is built again. */
  private record Stale(boolean fresh, Set<String> hosts, Map<String, HostRoutes> replaced, boolean defaults) {}

  private Result run() {
    NormalizeCache.Memo m = cache.take(checked, options);
    boolean fresh = m.defaults == null;
    ClassSelector selector = new ClassSelector(checked, options, new Diagnostics());
    Selections.Pass selected = m.selections.run(in.ingresses(), selector);
    ListenerSettings listener = reportSelection(m, selector, selected.selected());

    Stale stale = stale(m, fresh, selected);
    Merge.Cells cells = cells(m);
    for (String h : stale.hosts()) {
      List<Taken> contenders = m.index.contenders(h);
      if (!contenders.isEmpty()) {
        HostRoutes r = Merge.host(h, contenders, cells);
        m.hosts.put(h, r);
        m.services.depend(h, r, true);
        m.authSecrets.depend(h, r, true);
        m.upstreams.add(r);
        if (!r.diagnostics.isEmpty()) {
          m.hostsWithFindings.add(h);
        }
      } else {
        m.served.remove(h);
      }
    }
    if (stale.defaults()) {
      m.defaults = Merge.defaults(m.index.withDefault(), options.defaultBackend(), cells);
      m.services.depend(null, m.defaults, true);
      m.upstreams.add(m.defaults);
    }
    m.services.prune();
    m.authSecrets.prune();
    reportCredentials(m);

    Map<String, TlsChoices.Choice> tlsByHost = TlsChoices.choose(m.index.withTls(), h -> {
      HostRoutes r = m.hosts.get(h);
      return r != null && r.served();
    }, tls, diagnostics);
    Optional<TlsCertificate> defaultCertificate = TlsChoices.defaultCertificate(options.defaultCertificate(), tls, diagnostics);
    Map<String, HostTls> hostTls = new TreeMap<>();
    tlsByHost.forEach((h, c) -> hostTls.put(h, c.hostTls()));
    boolean sameTls = hostTls.equals(m.hostTls);
    m.hostTls = hostTls;
    List<VirtualHost> built = VirtualHosts.of(m, stale.fresh(), stale.hosts(), stale.replaced(), sameTls, tlsByHost);
    WwwRedirects.warnShadowed(built, m.index.taken(), diagnostics);
    // The memo keeps the hosts as built: the refusal depends on the listener, decided anew each pass.
    List<VirtualHost> vhosts = PassthroughBehindProxies.refuse(built, listener, m.index.taken(), diagnostics);

    for (String h : m.hostsWithFindings) {
      m.hosts.get(h).diagnostics.forEach(diagnostics::add);
    }
    m.defaults.diagnostics.forEach(diagnostics::add);
    UpstreamGroups.Assembled assembled = m.upstreams.assemble(diagnostics);
    List<Upstream> upstreams = assembled.upstreams();
    Upstreams.warnUnreachableGrpc(upstreams, listener, diagnostics);
    IngressIR ir = new IngressIR(vhosts, Optional.ofNullable(m.defaults.backend), upstreams,
        TlsChoices.certificates(tlsByHost), defaultCertificate, listener);
    // Unchanged routing is the last pass's instance: the sidecar tells "endpoints only" by identity.
    // The records in it are the same instances when unchanged, so equals is cheap.
    if (ir.equals(m.lastIr)) {
      ir = m.lastIr;
    }
    m.lastIr = ir;
    m.virtualHosts = vhosts == built ? ir.virtualHosts() : built;
    cache.giveBack(m, stale.hosts().size() - (int) stale.hosts().stream().filter(h -> !m.hosts.containsKey(h)).count(),
        selected.validated());
    return new Result(ir, assembled.endpoints(), diagnostics, m.index.taken().stream().map(Taken::id).toList());
  }

  /**
   * Which memo entries of {@code merge} are stale, forgotten here: on a fresh memo all; else the
   * hosts an Ingress that came or went has rules for (their contenders changed), and those whose
   * backends read a Service that is now another object; the default backend likewise.
   */
  private Stale stale(NormalizeCache.Memo m, boolean fresh, Selections.Pass selected) {
    Set<String> hosts = new HashSet<>();
    boolean defaults = fresh;
    if (fresh) {
      List<Taken> taken = new ArrayList<>();
      selected.selected().forEach(s -> {
        if (s.taken() != null) {
          taken.add(s.taken());
        }
      });
      m.index.rebuild(taken);
      hosts.addAll(m.index.hosts());
    } else {
      for (List<Taken> changed : List.of(selected.came(), selected.went())) {
        for (Taken t : changed) {
          hosts.addAll(TakenIndex.hostsOf(t));
          defaults |= t.checked().defaultBackend() != null;
        }
      }
      m.index.update(selected.came(), selected.went());
      ServiceCells.Stale services = m.services.refresh(checked, backends);
      hosts.addAll(services.hosts());
      defaults |= services.defaults();
      hosts.addAll(m.authSecrets.refresh(checked));
    }
    Map<String, HostRoutes> replaced = new HashMap<>();
    for (String h : hosts) {
      HostRoutes old = m.hosts.remove(h);
      m.hostsWithFindings.remove(h);
      if (old != null) {
        m.services.depend(h, old, false);
        m.authSecrets.depend(h, old, false);
        m.upstreams.remove(old);
        replaced.put(h, old);
      }
    }
    if (defaults && m.defaults != null) {
      m.services.depend(null, m.defaults, false);
      m.upstreams.remove(m.defaults);
    }
    return new Stale(fresh, hosts, replaced, defaults);
  }

  /** Backend resolutions for {@code merge}: Service ports through the memo, resources afresh. */
  private Merge.Cells cells(NormalizeCache.Memo m) {
    return new Merge.Cells() {
      @Override
      public Resolution.Cell service(BackendRef.ServicePort ref, LoadBalancing lb, BackendProtocol protocol) {
        return m.services.cell(ref, lb, protocol, checked, backends);
      }

      @Override
      public Resolution.Cell resource(BackendRef.Resource ref, ClassParameters params) {
        return new Resolution.Cell(backends.resource(ref, params));
      }

      @Override
      public dev.ingressc.ir.BasicAuth.Credentials credentials(AuthSecrets.Key key) {
        return m.authSecrets.read(key, checked, options.target()).credentials();
      }
    };
  }

  /**
   * Reports, every pass, what reading each taken Ingress's auth Secret found: an unusable one is an
   * error (its routes answer 503), a repeated user a warning. Against the Ingress's auth-secret.
   */
  private void reportCredentials(NormalizeCache.Memo m) {
    for (Taken t : m.index.taken()) {
      if (t.checked().basicAuth().isEmpty()) {
        continue;
      }
      BasicAuthAnnotations.Spec spec = t.checked().basicAuth().get();
      AuthCredentials.Read read = m.authSecrets.read(new AuthSecrets.Key(spec.namespace(), spec.name(), spec.type()),
          checked, options.target());
      String field = BasicAuthAnnotations.field(BasicAuthAnnotations.SECRET);
      read.credentials().unusable().ifPresent(why -> diagnostics.add(t.source().diagnostic(
          dev.ingressc.diag.Severity.ERROR, field, why + ": the Ingress's routes answer 503 to every request"
              + (read.targetLacks() ? " on this target (other targets check it)" : "") + ", never served without the check",
          read.targetLacks() ? dev.ingressc.annotations.AnnotationAccounting.TARGET_LACKS : "")));
      read.warnings().forEach(w -> diagnostics.add(t.source().warning(field, "Secret " + spec.secretId() + " " + w)));
    }
  }

  /**
   * Reports what {@code check} and {@code select} found: each Ingress's notes, the findings of
   * those of our classes, each used class's parameter findings, and when no Ingress is ours at
   * all, why. Returns the listener settings the classes decide.
   */
  private ListenerSettings reportSelection(NormalizeCache.Memo m, ClassSelector selector, List<Select.Selected> selected) {
    boolean classes = !checked.classes().isEmpty();
    Set<String> used = new TreeSet<>();
    String lastClass = null;
    for (Select.Selected s : selected) {
      s.notes().forEach(diagnostics::add);
      if (s.selection() != null) {
        s.checked().diagnostics().forEach(diagnostics::add);
        if (classes && !s.selection().className().equals(lastClass)) {
          lastClass = s.selection().className();
          used.add(lastClass);
        }
      }
    }
    // A class's parameters are reported when some Ingress is of that class.
    for (String name : used) {
      m.classFindings.computeIfAbsent(name, this::parameterFindings).forEach(diagnostics::add);
    }
    // Only when no Ingress is of our classes at all: ours that were rejected have their own errors.
    if (classes && selected.stream().allMatch(s -> s.selection() == null)) {
      selector.nothingOurs(selected.stream().map(s -> s.checked().request()).toList()).ifPresent(diagnostics::add);
    }
    return Select.listener(selected, checked.classes(), diagnostics);
  }

  /** What resolving the parameters of class {@code name} reports. */
  private List<Diagnostic> parameterFindings(String name) {
    Diagnostics found = new Diagnostics();
    checked.classes().stream().filter(c -> c.name().equals(name)).findFirst()
        .ifPresent(c -> new ParametersResolver(checked, found).resolve(c));
    return found.list();
  }
}
