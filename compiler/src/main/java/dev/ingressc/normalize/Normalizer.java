package dev.ingressc.normalize;

import dev.ingressc.CompileOptions;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Backend;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.HostMatch;
import dev.ingressc.ir.HostTls;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.ListenerSettings;
import dev.ingressc.ir.Origin;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.TlsCertificate;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.VirtualHost;
import dev.ingressc.load.InputObjects;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Step 4 of the pipeline: selects our Ingresses, validates them, and merges them into one
 * {@link IngressIR}. Ingresses are visited oldest first (then by namespace/name), so "first one
 * seen wins" is exactly the spec's conflict rule, whatever the input order.
 *
 * <p>With a {@link NormalizeCache} kept from the last pass, only the hosts whose inputs may have
 * changed are built again (see {@link #run()}); the others, with their findings, are kept.
 */
public final class Normalizer {
  /** Route precedence inside a host: longest match path, Exact before Prefix, then by path. */
  public static final Comparator<Route> PRECEDENCE = Comparator
      .comparingInt((Route r) -> -r.matchPath().length())
      .thenComparing(Route::match)
      .thenComparing(Route::path);

  private static final Comparator<VirtualHost> HOST_ORDER =
      Comparator.comparing(VirtualHost::match).thenComparing(VirtualHost::host);

  private final InputObjects in;
  private final CompileOptions options;
  /** Findings of the whole pass (selection, TLS, upstreams); hosts' own findings are in their slots. */
  private final Diagnostics diagnostics = new Diagnostics();
  private final BackendResolver backends;
  private final TlsResolver tls;
  private final NormalizeCache cache;
  /** On a pass that starts afresh, the last pass's validation of each Ingress instance. */
  private IdentityHashMap<Located<Ingress>, CheckedIngress> keptChecks;
  /** What this pass hands to the next: the last pass's, updated, or a new one. */
  private NormalizeCache.State state;
  /** Decided from the classes of this pass's Ingresses. */
  private ListenerSettings listener = ListenerSettings.DEFAULTS;

  /** A taken, valid Ingress with its class parameters. */
  record Taken(Located<Ingress> ingress, CheckedIngress checked, ClassSelector.Selection selection) {
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

  /**
   * One backend resolved, in its place in the spec's order: its Ingress in conflict order, then
   * {@code seq} (-1 for spec.defaultBackend, else the path's index); the controller's default
   * backend ({@code from} null) comes after every Ingress.
   */
  record Resolution(Taken from, int seq, Backend backend, NormalizeCache.Cell cell,
      java.util.function.Function<String, Diagnostic> warning, java.time.Duration connectTimeout) {
    BackendResolver.Proposal proposal() {
      return cell.proposal;
    }
  }

  private static final Comparator<Resolution> RESOLUTION_ORDER = (a, b) -> {
    if (a.from == null || b.from == null) {
      return a.from == null ? (b.from == null ? 0 : 1) : -1;
    }
    int c = a.from == b.from ? 0 : CONFLICT_ORDER.compare(a.from, b.from);
    return c != 0 ? c : Integer.compare(a.seq, b.seq);
  };

  private record TlsChoice(CheckedSecret secret, boolean redirect, Taken from) {}

  private Normalizer(InputObjects in, CompileOptions options, NormalizeCache cache) {
    this.in = in;
    this.options = options;
    this.cache = cache;
    this.backends = new BackendResolver(in, options.clusterDomain());
    this.tls = new TlsResolver(in, diagnostics, options.clock().instant(), cache.secrets);
  }

  /** The result of normalizing: the IR, and what was found on the way. */
  public record Result(IngressIR ir, Diagnostics diagnostics, List<String> takenIngresses) {}

  public static Result normalize(InputObjects in, CompileOptions options) {
    return normalize(in, options, new NormalizeCache());
  }

  /** As {@link #normalize(InputObjects, CompileOptions)}, redoing only what {@code cache} does not hold. */
  public static Result normalize(InputObjects in, CompileOptions options, NormalizeCache cache) {
    return new Normalizer(in, options, cache).run();
  }

  /**
   * A host's routes and findings depend only on the taken Ingresses with rules for it (their
   * instances, conflict order and class selections), on the Services and EndpointSlices its
   * backends name, and on the classes, their parameters and the options; the default backend
   * likewise on the Ingresses with a spec.defaultBackend. So a host is built again only when one of
   * those may differ from the last pass: every host an added, removed or replaced Ingress had or
   * has rules for (its rules may win or lose there), every host whose backends looked up a Service
   * that is now another instance or has other EndpointSlices, and every host when the classes,
   * parameters or options changed. The rest is kept as it was. What depends on all hosts at once is
   * done for all of them each pass: TLS (cheap, Secret checks are kept), which resolution builds each
   * upstream ({@link BackendResolver#assemble}), the order of hosts.
   */
  private Result run() {
    NormalizeCache.State last = cache.takeState();
    Pass p = new Pass(last, last == null || !last.sameEnvironment(in, options));
    state = p.full ? new NormalizeCache.State() : last;
    if (p.full) {
      state.rememberEnvironment(in, options);
    }
    List<Taken> came = new ArrayList<>();
    List<Taken> went = new ArrayList<>();
    if (p.full && last != null && last.options.strict() == options.strict()) {
      // Validation depends on the Ingress and --strict alone: keep it across a change of classes or other options.
      keptChecks = new IdentityHashMap<>(last.selected.size() * 2);
      last.selected.forEach(s -> keptChecks.put(s.ingress(), s.checked()));
    }
    List<Taken> taken = selectAndValidate(p.full ? null : last, came, went);
    if (!p.full) {
      markDirty(p, came, went);
    }
    p.defaults = p.defaultsDirty ? new NormalizeCache.Slot() : last.defaults;
    index(p.full, taken, came, went);
    buildHosts(p, taken);
    keepOrReplaceHosts(p);

    Map<String, NormalizeCache.Slot> hosts = state.hosts;
    Map<String, TlsChoice> tlsByHost = chooseTls(state.withTls, h -> {
      NormalizeCache.Slot s = hosts.get(h);
      return s != null && !s.routes.isEmpty();
    });
    Optional<TlsCertificate> defaultCertificate = defaultCertificate();
    Map<String, HostTls> hostTls = new TreeMap<>();
    tlsByHost.forEach((h, c) -> hostTls.put(h, new HostTls(c.secret.id(), c.redirect)));
    boolean sameTls = hostTls.equals(state.hostTls);
    state.hostTls = hostTls;
    List<VirtualHost> vhosts = virtualHosts(p, sameTls, tlsByHost);

    for (String h : state.hostsWithFindings) {
      hosts.get(h).diagnostics.forEach(diagnostics::add);
    }
    state.defaults.diagnostics.forEach(diagnostics::add);
    List<Upstream> upstreams = new ArrayList<>(state.groups.size());
    for (var it = state.groups.values().iterator(); it.hasNext(); ) {
      NormalizeCache.Group g = it.next();
      if (g.members.isEmpty()) {
        it.remove();
      } else {
        Upstream u = upstream(g).withConnectTimeout(connectTimeout(g));
        // The same instance as last pass when equal: whoever compares IRs finds it unchanged by identity.
        g.last = u.equals(g.last) ? g.last : u;
        upstreams.add(g.last);
      }
    }

    if (!listener.http2()) {
      // gRPC needs HTTP/2 from the client, which only the TLS listener offers, and only with HTTP/2 on.
      upstreams.stream().filter(u -> u.protocol().http2()).forEach(u -> diagnostics.add(new Diagnostic(Severity.WARNING, "",
          "", 0, "", "upstream " + u.name() + " speaks " + u.protocol() + ", but the class parameters turn HTTP/2 off, so"
          + " no gRPC client can reach it (gRPC needs HTTP/2 from the client)")));
    }
    IngressIR ir = new IngressIR(vhosts, Optional.ofNullable(state.defaults.backend), upstreams,
        certificates(tlsByHost), defaultCertificate, listener);
    p.built.values().forEach(s -> s.fresh = false);
    state.defaults.fresh = false;
    state.virtualHosts = ir.virtualHosts();
    cache.endPass(state, p.built.size());
    return new Result(ir, diagnostics, taken.stream().map(Taken::id).toList());
  }

  /** What one pass found out about the last one, and the host slots it built. */
  private static final class Pass {
    final NormalizeCache.State last;
    /** Everything is built again: no last pass, or other classes, parameters or options. */
    final boolean full;
    /** The hosts to build again (unused when {@link #full}). */
    final Set<String> dirty = new HashSet<>();
    boolean defaultsDirty;
    /** The default backend's slot: new when {@link #defaultsDirty}, else the last one. */
    NormalizeCache.Slot defaults;
    /** The slots built this pass, by host. */
    final Map<String, NormalizeCache.Slot> built = new HashMap<>();
    /** The last pass's slots of the dirty hosts that had one. */
    final Map<String, NormalizeCache.Slot> replaced = new HashMap<>();

    Pass(NormalizeCache.State last, boolean full) {
      this.last = last;
      this.full = full;
      this.defaultsDirty = full;
    }
  }

  /**
   * The hosts an added, removed or replaced Ingress had or has rules for, and those whose backends
   * looked up a Service that is now another instance; a Service whose EndpointSlices alone changed
   * only gets new upstream proposals.
   */
  private void markDirty(Pass p, List<Taken> came, List<Taken> went) {
    for (Taken t : came) {
      p.defaultsDirty |= touch(t, p.dirty);
    }
    for (Taken t : went) {
      p.defaultsDirty |= touch(t, p.dirty);
    }
    for (NormalizeCache.Dependency d : p.last.services.values()) {
      Located<Service> service = in.service(d.namespace, d.name);
      if (service != d.service && sameService(service, d.service)) {
        d.service = service;
      }
      if (service != d.service) {
        // Ports, type, external name: what routes resolve to, and what they report, may differ.
        p.dirty.addAll(d.hosts);
        p.defaultsDirty |= d.defaults;
        d.cells.clear();
        d.service = in.service(d.namespace, d.name);
        d.slices = backends.slices(d.key());
      } else if (!NormalizeCache.sameInstances(backends.slices(d.key()), d.slices)) {
        // Only the upstreams' endpoints (and the findings of whoever builds them) depend on these.
        d.cells.forEach((k, c) -> c.proposal = backends.service(k.ref(), k.loadBalancing(), k.protocol()));
        d.slices = backends.slices(d.key());
      }
    }
  }

  /** The rule loop of a fresh pass, for the dirty hosts only: in conflict order, first one seen wins. */
  private void buildHosts(Pass p, List<Taken> taken) {
    Map<CheckedIngress.RouteKey, Taken> owners = new HashMap<>();
    Taken defaultOwner = null;
    List<Taken> visit = taken;
    if (!p.full && !p.defaultsDirty) {
      // Only Ingresses with rules for a dirty host have anything to say here.
      Set<Taken> some = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      for (String h : p.dirty) {
        some.addAll(state.byHost.getOrDefault(h, List.of()));
      }
      visit = new ArrayList<>(some);
      visit.sort(CONFLICT_ORDER);
    }
    for (Taken t : visit) {
      var spec = t.ingress.value().getSpec();
      if (p.defaultsDirty && spec.getDefaultBackend() != null) {
        if (defaultOwner == null) {
          Resolution r = resolve(t, -1, origin(t, "spec.defaultBackend"), spec.getDefaultBackend(), p.defaults);
          if (r != null) {
            p.defaults.backend = r.backend();
            defaultOwner = t;
          }
        } else {
          p.defaults.diagnostics.add(t.ingress.warning("spec.defaultBackend", "ignored: Ingress " + defaultOwner.id()
              + " also has a defaultBackend and wins (" + whyWins(defaultOwner, t) + ")"));
        }
      }
      List<CheckedIngress.PathRule> paths = t.checked.paths();
      for (int i = 0; i < paths.size(); i++) {
        CheckedIngress.PathRule rule = paths.get(i);
        CheckedIngress.RouteKey key = rule.key();
        if (!p.full && !p.dirty.contains(key.host())) {
          continue;
        }
        NormalizeCache.Slot slot = p.built.computeIfAbsent(key.host(), h -> new NormalizeCache.Slot());
        HTTPIngressPath path = rule.path();
        Taken owner = owners.get(key);
        if (owner != null) {
          String host = key.host();
          PathMatch match = key.match();
          String what = "ignored: host " + Names.quote(host.isEmpty() ? "*" : host) + " path "
              + Names.quote(path.getPath()) + " (" + match.name().charAt(0)
              + match.name().substring(1).toLowerCase(Locale.ROOT) + ")";
          slot.diagnostics.add(t.ingress.warning(rule.field(), owner == t
              ? what + " repeats an earlier path of this Ingress, which wins"
              : what + " is also defined by Ingress " + owner.id() + ", which wins (" + whyWins(owner, t) + ")"));
          continue;
        }
        Resolution r = resolve(t, i, rule.backendOrigin(), path.getBackend(), slot);
        if (r == null) {
          continue;
        }
        owners.put(key, t);
        slot.routes.add(new Route(path.getPath(), key.match(), path.getPathType(), r.backend(),
            t.selection.parameters().settings(), rule.origin()));
      }
    }
    if (p.defaultsDirty && p.defaults.backend == null && options.defaultBackend().isPresent()) {
      controllerDefaultBackend(options.defaultBackend().get(), p.defaults);
    }
    p.built.values().forEach(s -> s.routes.sort(PRECEDENCE));
  }

  /** Puts the built slots in the state in place of the dirty hosts' old ones, with their dependencies. */
  private void keepOrReplaceHosts(Pass p) {
    Map<String, NormalizeCache.Slot> hosts = state.hosts;
    Map<String, NormalizeCache.Slot> before = p.last == null ? Map.of() : p.last.hosts;
    if (p.full) {
      hosts.putAll(p.built);
      p.built.forEach((h, s) -> {
        NormalizeCache.Slot old = before.get(h);
        s.virtualHost = old == null ? null : old.virtualHost;
        depend(state, h, s, true);
        if (!s.diagnostics.isEmpty()) {
          state.hostsWithFindings.add(h);
        }
      });
    } else {
      for (String h : p.dirty) {
        NormalizeCache.Slot old = hosts.remove(h);
        state.hostsWithFindings.remove(h);
        if (old != null) {
          depend(state, h, old, false);
          p.replaced.put(h, old);
        }
        NormalizeCache.Slot s = p.built.get(h);
        if (s != null) {
          s.virtualHost = old == null ? null : old.virtualHost;
          hosts.put(h, s);
          depend(state, h, s, true);
          if (!s.diagnostics.isEmpty()) {
            state.hostsWithFindings.add(h);
          }
        }
      }
    }
    if (p.defaultsDirty) {
      if (!p.full) {
        depend(state, null, p.last.defaults, false);
      }
      depend(state, null, p.defaults, true);
      state.defaults = p.defaults;
    }
    state.services.values().removeIf(d -> d.hosts.isEmpty() && !d.defaults);
  }

  /**
   * The virtual hosts in host order. When TLS chose as last time, only the dirty hosts can differ
   * from the last IR's list, which is patched; otherwise every served host is made again.
   */
  private List<VirtualHost> virtualHosts(Pass p, boolean sameTls, Map<String, TlsChoice> tlsByHost) {
    Map<String, NormalizeCache.Slot> hosts = state.hosts;
    List<VirtualHost> vhosts = new ArrayList<>(hosts.size() + 16);
    if (!p.full && sameTls) {
      vhosts.addAll(p.last.virtualHosts);
      for (String h : p.dirty) {
        NormalizeCache.Slot old = p.replaced.get(h);
        NormalizeCache.Slot s = hosts.get(h);
        boolean served = s != null && !s.routes.isEmpty();
        if (old != null && !old.routes.isEmpty()) {
          int at = java.util.Collections.binarySearch(vhosts, old.virtualHost, HOST_ORDER);
          if (served) {
            vhosts.set(at, virtualHost(h, s, tlsByHost));
          } else {
            vhosts.remove(at);
          }
        } else if (served) {
          VirtualHost v = virtualHost(h, s, tlsByHost);
          vhosts.add(-java.util.Collections.binarySearch(vhosts, v, HOST_ORDER) - 1, v);
        }
      }
    } else if (p.full) {
      hosts.forEach((h, s) -> {
        if (!s.routes.isEmpty()) {
          vhosts.add(virtualHost(h, s, tlsByHost));
        }
      });
      vhosts.sort(HOST_ORDER);
    } else {
      // The last order, less the hosts no longer served, plus the new ones: nearly sorted already.
      for (VirtualHost v : p.last.virtualHosts) {
        NormalizeCache.Slot s = hosts.get(v.host());
        if (s != null && !s.routes.isEmpty()) {
          vhosts.add(virtualHost(v.host(), s, tlsByHost));
        }
      }
      for (String h : p.dirty) {
        NormalizeCache.Slot old = p.replaced.get(h);
        NormalizeCache.Slot s = hosts.get(h);
        if (s != null && !s.routes.isEmpty() && (old == null || old.routes.isEmpty())) {
          VirtualHost v = virtualHost(h, s, tlsByHost);
          vhosts.add(-java.util.Collections.binarySearch(vhosts, v, HOST_ORDER) - 1, v);
        }
      }
    }
    return vhosts;
  }

  /** One certificate per Secret that some host's TLS chose, with those hosts. */
  private static List<TlsCertificate> certificates(Map<String, TlsChoice> tlsByHost) {
    Map<String, TreeSet<String>> hostsBySecret = new TreeMap<>();
    Map<String, CheckedSecret> secrets = new HashMap<>();
    tlsByHost.forEach((host, c) -> {
      hostsBySecret.computeIfAbsent(c.secret.id(), k -> new TreeSet<>()).add(host);
      secrets.put(c.secret.id(), c.secret);
    });
    List<TlsCertificate> certificates = new ArrayList<>();
    hostsBySecret.forEach((id, hs) -> certificates.add(certificate(secrets.get(id), new ArrayList<>(hs))));
    return certificates;
  }

  /**
   * One upstream and the findings that depend on which resolution built it: each upstream is the
   * one its first resolution in the spec's order proposes; one Service port is one upstream, so
   * when Ingresses of classes with different load balancing (or Ingresses with different backend
   * protocols) share it, the oldest Ingress decides, and the others are told that theirs is dropped. Every resolution naming an
   * unavailable Service port learns that it has no ready endpoint. When all resolutions propose
   * the same upstream (the usual case), which one builds it makes no difference, and it need not
   * be found.
   */
  private Upstream upstream(NormalizeCache.Group g) {
    BackendResolver.Proposal any = g.cells.keySet().iterator().next().proposal;
    boolean same = true;
    for (NormalizeCache.Cell c : g.cells.keySet()) {
      same &= c.proposal == any || c.proposal.upstream().equals(any.upstream()) && c.proposal.creation().equals(any.creation());
    }
    if (same) {
      any.creation().forEach(diagnostics::add);
      if (any.upstream().unavailable()) {
        for (Resolution m : g.members) {
          if (m.proposal().check() == BackendResolver.Check.SETTINGS_AND_READY) {
            diagnostics.add(m.warning().apply(m.proposal().noReadyMessage()));
          }
        }
      }
      return any.upstream();
    }
    Resolution builder = null;
    for (Resolution m : g.members) {
      if (builder == null || RESOLUTION_ORDER.compare(m, builder) < 0) {
        builder = m;
      }
    }
    Upstream u = builder.proposal().upstream();
    for (Resolution m : g.members) {
      BackendResolver.Proposal mine = m.proposal();
      if (m == builder) {
        mine.creation().forEach(diagnostics::add);
      } else if (mine.check() != BackendResolver.Check.NONE && !u.unavailable()) {
        if (u.loadBalancing() != mine.loadBalancing()) {
          diagnostics.add(m.warning().apply("upstream " + u.name() + " is shared with an older Ingress whose class sets load balancing "
              + u.loadBalancing().configName() + "; this Ingress's class setting " + mine.loadBalancing().configName()
              + " is not applied"));
        }
        if (u.protocol() != mine.protocol()) {
          diagnostics.add(m.warning().apply("upstream " + u.name() + " is shared with an older Ingress whose backend protocol is "
              + u.protocol() + "; this Ingress's backend protocol " + mine.protocol() + " (" + BackendProtocols.FIELD
              + ") is not applied"));
        }
      }
      if (mine.check() == BackendResolver.Check.SETTINGS_AND_READY && u.unavailable()) {
        diagnostics.add(m.warning().apply(mine.noReadyMessage()));
      }
    }
    return u;
  }

  /**
   * An upstream is shared by every route to it, but the connect timeout comes with each route's
   * class parameters: the longest one wins, so no route gives up sooner than it asked.
   */
  private static java.time.Duration connectTimeout(NormalizeCache.Group g) {
    java.time.Duration longest = null;
    for (Resolution m : g.members) {
      longest = longest == null || m.connectTimeout().compareTo(longest) > 0 ? m.connectTimeout() : longest;
    }
    return longest;
  }

  /**
   * Whether two Service objects resolve every backend alike: the same content, and the same place
   * for what is reported against them. A file rewritten for its EndpointSlice gives its Service as
   * a new instance, equal to the last.
   */
  private static boolean sameService(Located<Service> a, Located<Service> b) {
    return a != null && b != null && a.value().equals(b.value()) && a.key().equals(b.key())
        && a.source().file().equals(b.source().file())
        && a.source().lineOf("spec.externalName") == b.source().lineOf("spec.externalName");
  }

  /**
   * Updates the indexes of the taken Ingresses: by host they have rules for, and those with TLS
   * entries, in conflict order.
   */
  private void index(boolean full, List<Taken> taken, List<Taken> came, List<Taken> went) {
    if (full || came.size() + went.size() > 256) {
      state.byHost = new HashMap<>();
      state.withTls = new ArrayList<>();
      for (Taken t : taken) {
        hostsOf(t).forEach(h -> state.byHost.computeIfAbsent(h, k -> new ArrayList<>(1)).add(t));
        if (hasTls(t)) {
          state.withTls.add(t);
        }
      }
      return;
    }
    for (Taken t : went) {
      for (String h : hostsOf(t)) {
        List<Taken> l = state.byHost.get(h);
        l.removeIf(x -> x == t);
        if (l.isEmpty()) {
          state.byHost.remove(h);
        }
      }
      if (hasTls(t)) {
        state.withTls.remove(java.util.Collections.binarySearch(state.withTls, t, CONFLICT_ORDER));
      }
    }
    for (Taken t : came) {
      hostsOf(t).forEach(h -> state.byHost.computeIfAbsent(h, k -> new ArrayList<>(1)).add(t));
      if (hasTls(t)) {
        state.withTls.add(-java.util.Collections.binarySearch(state.withTls, t, CONFLICT_ORDER) - 1, t);
      }
    }
  }

  private static Set<String> hostsOf(Taken t) {
    Set<String> hosts = new java.util.LinkedHashSet<>();
    t.checked.paths().forEach(p -> hosts.add(p.key().host()));
    return hosts;
  }

  private static boolean hasTls(Taken t) {
    List<IngressTLS> entries = t.ingress.value().getSpec().getTls();
    return entries != null && !entries.isEmpty();
  }

  /** Marks the hosts of a changed Ingress dirty; whether it bears on the default backend. */
  private static boolean touch(Taken t, Set<String> dirty) {
    t.checked.paths().forEach(p -> dirty.add(p.key().host()));
    return t.ingress.value().getSpec().getDefaultBackend() != null;
  }

  /**
   * Records (or, with {@code add} false, forgets) the resolutions of {@code host}'s slot (null: the
   * default's): in the groups of their upstreams, and as depending on the Services they looked up.
   */
  private void depend(NormalizeCache.State state, String host, NormalizeCache.Slot slot, boolean add) {
    for (Resolution r : slot.resolutions) {
      if (add) {
        state.groups.computeIfAbsent(r.backend().upstream(), n -> new NormalizeCache.Group()).add(r);
      } else {
        NormalizeCache.Group g = state.groups.get(r.backend().upstream());
        if (g != null) {
          g.remove(r);
        }
      }
      String key = r.proposal().serviceKey();
      if (key == null) {
        continue;
      }
      NormalizeCache.Dependency d = state.services.get(key);
      if (d == null) {
        continue;
      }
      if (add) {
        if (host == null) {
          d.defaults = true;
        } else {
          d.hosts.add(host);
        }
      } else if (host == null) {
        d.defaults = false;
      } else {
        d.hosts.remove(host);
      }
    }
  }

  /** The host's virtual host: kept when its routes and TLS are what they were, and the same instance when equal. */
  private static VirtualHost virtualHost(String host, NormalizeCache.Slot s, Map<String, TlsChoice> tlsByHost) {
    TlsChoice choice = tlsByHost.get(host);
    Optional<HostTls> hostTls = choice == null ? Optional.empty()
        : Optional.of(new HostTls(choice.secret.id(), choice.redirect));
    VirtualHost last = s.virtualHost;
    if (!s.fresh && last != null && last.tls().equals(hostTls)) {
      return last;
    }
    HostMatch hm = host.isEmpty() ? HostMatch.ANY : host.startsWith("*.") ? HostMatch.WILDCARD : HostMatch.EXACT;
    VirtualHost v = new VirtualHost(host, hm, s.routes, hostTls);
    if (v.equals(last)) {
      v = last;
    }
    s.virtualHost = v;
    return v;
  }

  /**
   * Class selection and validation of every Ingress, and the taken ones in conflict order. With
   * the last pass's state (same classes, parameters and options), an Ingress that is the same
   * instance keeps what it was found to be, and the conflict order is updated rather than sorted:
   * {@code came} and {@code went} get the taken Ingresses that are new and gone.
   */
  private List<Taken> selectAndValidate(NormalizeCache.State last, List<Taken> came, List<Taken> went) {
    ClassSelector selector = new ClassSelector(in, options, new Diagnostics());
    List<Located<Ingress>> now = in.ingresses();
    List<NormalizeCache.Selected> before = last == null ? List.of() : last.selected;
    List<NormalizeCache.Selected> selected = new ArrayList<>(now.size());
    // Both lists are sorted by key: walk them together.
    int i = 0;
    int j = 0;
    while (i < now.size() || j < before.size()) {
      Located<Ingress> a = i < now.size() ? now.get(i) : null;
      NormalizeCache.Selected b = j < before.size() ? before.get(j) : null;
      if (a != null && b != null && a == b.ingress()) {
        selected.add(b);
        i++;
        j++;
        continue;
      }
      int c = a == null ? 1 : b == null ? -1 : a.key().compareTo(b.ingress().key());
      if (c >= 0) {
        if (b.taken() != null) {
          went.add(b.taken());
        }
        j++;
      }
      if (c <= 0) {
        NormalizeCache.Selected s = select(selector, a);
        selected.add(s);
        if (s.taken() != null) {
          came.add(s.taken());
        }
        i++;
      }
    }
    boolean classes = !in.ingressClasses().isEmpty();
    Set<String> used = new TreeSet<>();
    String lastClass = null;
    for (NormalizeCache.Selected s : selected) {
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
      state.classFindings.computeIfAbsent(name, this::parameterFindings).forEach(diagnostics::add);
    }
    listener = listenerSettings(selected);

    List<Taken> taken = null;
    if (last != null && came.size() + went.size() <= 256) {
      taken = new ArrayList<>(last.taken);
      for (Taken t : went) {
        int at = java.util.Collections.binarySearch(taken, t, CONFLICT_ORDER);
        if (at < 0 || taken.get(at) != t) {
          taken = null;
          break;
        }
        taken.remove(at);
      }
      for (int k = 0; taken != null && k < came.size(); k++) {
        int at = java.util.Collections.binarySearch(taken, came.get(k), CONFLICT_ORDER);
        if (at >= 0) {
          taken = null;
        } else {
          taken.add(-at - 1, came.get(k));
        }
      }
    }
    if (taken == null) {
      taken = new ArrayList<>();
      for (NormalizeCache.Selected s : selected) {
        if (s.taken() != null) {
          taken.add(s.taken());
        }
      }
      taken.sort(CONFLICT_ORDER);
    }
    // Only when no Ingress is of our classes at all: ours that were rejected have their own errors.
    if (classes && selected.stream().allMatch(s -> s.selection() == null)) {
      selector.nothingOurs(selected.stream().filter(s -> s.selection() == null).map(s -> s.checked().request()).toList())
          .ifPresent(diagnostics::add);
    }
    state.selected = selected;
    state.taken = taken;
    return taken;
  }

  /**
   * HTTP/2 can be switched only per listening port (nginx 1.22), so it is one setting for all
   * hosts: off when the parameters of any class an Ingress of ours is of turn it off. When the
   * classes disagree, each class that turns it off gets a note.
   */
  private ListenerSettings listenerSettings(List<NormalizeCache.Selected> selected) {
    Map<String, Boolean> http2ByClass = new TreeMap<>();
    for (NormalizeCache.Selected s : selected) {
      if (s.selection() != null) {
        http2ByClass.putIfAbsent(s.selection().className(), s.selection().parameters().http2());
      }
    }
    boolean http2 = !http2ByClass.containsValue(false);
    if (!http2 && http2ByClass.containsValue(true)) {
      List<String> on = http2ByClass.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
      in.ingressClasses().stream()
          .filter(c -> Boolean.FALSE.equals(http2ByClass.get(c.key().name())))
          .forEach(c -> diagnostics.add(c.note("spec.parameters", "its parameters turn HTTP/2 off, so it is off on"
              + " the TLS listener for every host, also those of class(es) " + String.join(", ", on)
              + ", which leave it on: the proxies switch it per listening port")));
    }
    return new ListenerSettings(http2);
  }

  /** Class selection and validation of one Ingress; a function of it, the classes, parameters and options. */
  private NormalizeCache.Selected select(ClassSelector selector, Located<Ingress> ing) {
    CheckedIngress checked = keptChecks == null ? null : keptChecks.get(ing);
    if (checked == null) {
      checked = CheckedIngress.of(ing, options.strict());
      cache.validated++;
    }
    List<Diagnostic> notes = new ArrayList<>(0);
    Optional<ClassSelector.Selection> sel = selector.select(ing, checked.request(), notes::add);
    Taken t = sel.isPresent() && !checked.rejected() ? new Taken(ing, checked, sel.get()) : null;
    return new NormalizeCache.Selected(ing, checked, sel.orElse(null), List.copyOf(notes), t);
  }

  /** What resolving the parameters of class {@code name} reports. */
  private List<Diagnostic> parameterFindings(String name) {
    Diagnostics found = new Diagnostics();
    in.ingressClasses().stream().filter(c -> c.key().name().equals(name)).findFirst()
        .ifPresent(c -> new ParametersResolver(in, found).resolve(c));
    return found.list();
  }

  private static String whyWins(Taken winner, Taken loser) {
    return winner.created().equals(loser.created()) ? "same creationTimestamp, and it sorts first by namespace/name"
        : "it is older";
  }

  private static Origin origin(Taken t, String field) {
    return new Origin(t.ingress.key().namespace(), t.ingress.key().name(), field);
  }

  /**
   * Resolves a backend into {@code slot}: problems go to its findings, reported against the
   * origin's field; a resolution that gives a backend is recorded there too.
   */
  private Resolution resolve(Taken t, int seq, Origin origin, io.fabric8.kubernetes.api.model.networking.v1.IngressBackend b,
      NormalizeCache.Slot slot) {
    String field = origin.field();
    java.util.function.Function<String, Diagnostic> warning = msg -> t.ingress.warning(field, msg);
    var report = BackendResolver.reporter(slot.diagnostics::add, warning, msg -> t.ingress.error(field, msg));
    String ns = t.ingress.key().namespace();
    ClassParameters params = t.selection.parameters();
    NormalizeCache.Cell cell = b.getResource() != null ? new NormalizeCache.Cell(backends.resource(ns, b, params))
        : cell(BackendResolver.serviceRef(ns, b), params.loadBalancing(), t.checked.protocol());
    BackendResolver.Proposal p = cell.proposal;
    p.local().forEach(l -> l.replay(report));
    if (b.getResource() != null && t.checked.protocol() != dev.ingressc.ir.BackendProtocol.HTTP && p.upstream() != null) {
      report.warning("the backend protocol " + t.checked.protocol() + " (" + BackendProtocols.FIELD
          + ") does not apply to a resource backend, whose URL is http://; HTTP is used");
    }
    if (p.upstream() == null) {
      return null;
    }
    // A route asks for its class's connect timeout; a default backend for the defaults'.
    java.time.Duration connect = seq < 0 ? dev.ingressc.ir.RouteSettings.DEFAULTS.connectTimeout()
        : params.settings().connectTimeout();
    Resolution r = new Resolution(t, seq, new Backend(p.ref(), p.upstream().name(), origin), cell, warning, connect);
    slot.resolutions.add(r);
    return r;
  }

  /** The shared resolution of a Service port with a load balancing and protocol: kept while its Service is the same instance. */
  private NormalizeCache.Cell cell(BackendRef.ServicePort ref, dev.ingressc.ir.LoadBalancing lb,
      dev.ingressc.ir.BackendProtocol protocol) {
    String key = ref.namespace() + "/" + ref.service();
    NormalizeCache.Dependency d = state.services.get(key);
    if (d == null) {
      d = new NormalizeCache.Dependency(ref.namespace(), ref.service());
      d.service = in.service(ref.namespace(), ref.service());
      d.slices = backends.slices(key);
      state.services.put(key, d);
    }
    return d.cells.computeIfAbsent(new NormalizeCache.CellKey(ref, lb, protocol),
        k -> new NormalizeCache.Cell(backends.service(ref, lb, protocol)));
  }

  /** The controller's --default-backend, into the default slot. */
  private void controllerDefaultBackend(dev.ingressc.FlagValue<BackendRef.ServicePort> flag, NormalizeCache.Slot slot) {
    if (flag.value().isEmpty()) {
      slot.diagnostics.add(new Diagnostic(dev.ingressc.diag.Severity.ERROR, "", "", 0, "--default-backend",
          flag.problem() + "; no controller default backend is used"));
      return;
    }
    BackendRef.ServicePort ref = flag.value().get();
    Origin origin = new Origin("", "", "--default-backend");
    java.util.function.Function<String, Diagnostic> warning =
        msg -> new Diagnostic(dev.ingressc.diag.Severity.WARNING, "", "", 0, "--default-backend", msg);
    var report = BackendResolver.reporter(slot.diagnostics::add, warning,
        msg -> new Diagnostic(dev.ingressc.diag.Severity.ERROR, "", "", 0, "--default-backend", msg));
    NormalizeCache.Cell cell = cell(ref, ClassParameters.DEFAULTS.loadBalancing(), dev.ingressc.ir.BackendProtocol.HTTP);
    BackendResolver.Proposal p = cell.proposal;
    p.local().forEach(l -> l.replay(report));
    Backend b = new Backend(ref, p.upstream().name(), origin);
    slot.resolutions.add(new Resolution(null, 0, b, cell, warning, dev.ingressc.ir.RouteSettings.DEFAULTS.connectTimeout()));
    slot.backend = b;
  }

  private Optional<TlsCertificate> defaultCertificate() {
    if (options.defaultCertificate().isEmpty()) {
      return Optional.empty();
    }
    var flag = options.defaultCertificate().get();
    java.util.function.Function<String, Diagnostic> error = msg -> new Diagnostic(dev.ingressc.diag.Severity.ERROR, "", "", 0,
        "--default-certificate", msg + "; unknown SNI will be refused");
    if (flag.value().isEmpty()) {
      diagnostics.add(error.apply(flag.problem()));
      return Optional.empty();
    }
    dev.ingressc.SecretRef secret = flag.value().get();
    return tls.secret(secret.namespace(), secret.name(), error,
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
  private Map<String, TlsChoice> chooseTls(List<Taken> taken, java.util.function.Predicate<String> servedHosts) {
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
            if (!servedHosts.test(host) && !coveredByWildcard(host, servedHosts)) {
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

  private static boolean coveredByWildcard(String host, java.util.function.Predicate<String> servedHosts) {
    int dot = host.indexOf('.');
    return dot > 0 && !host.startsWith("*.") && servedHosts.test("*" + host.substring(dot));
  }
}
