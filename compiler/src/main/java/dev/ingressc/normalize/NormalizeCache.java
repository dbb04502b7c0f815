package dev.ingressc.normalize;

import dev.ingressc.CompileOptions;
import dev.ingressc.ir.VirtualHost;
import dev.ingressc.load.InputObjects;
import dev.ingressc.load.Located;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the Normalizer keeps between passes of a caller that compiles again and again (the
 * sidecar). Per Ingress instance: its {@link CheckedIngress}, which depends on the Ingress alone,
 * and its class selection ({@link Selected}), which depends on it and the classes.
 * Per Secret instance: its check. And the last pass's work per host ({@link State}): a host none of
 * whose inputs changed comes out as the same {@link VirtualHost} instance, with the same findings,
 * without being built again; whoever compares or translates IRs (the sidecar, the Envoy
 * translator's cache) then finds unchanged hosts by identity. Results equal those of a pass
 * without the cache. Not thread-safe: one pass at a time.
 */
public final class NormalizeCache {
  long validated;
  final TlsResolver.Checks secrets = new TlsResolver.Checks();
  private State state;
  private long hostsBuilt;

  /**
   * The last pass's work, handed to the next pass, which owns it until it hands back its own: a
   * pass that fails leaves none, and the next pass starts from scratch.
   */
  State takeState() {
    State s = state;
    state = null;
    return s;
  }

  void endPass(State next, int built) {
    secrets.endPass();
    state = next;
    hostsBuilt += built;
  }

  /** How many Ingresses were validated (not taken from the cache) so far; for tests. */
  public long validated() {
    return validated;
  }

  /** How many hosts were built (not taken from the cache) so far; for tests. */
  public long hostsBuilt() {
    return hostsBuilt;
  }

  /**
   * One host's share of a pass (or, for {@link State#defaults}, the default backend's): what its
   * rules gave in the spec's order, the findings reported while building it, and the resolutions
   * of its backends. It depends only on the taken Ingresses with rules for the host (their
   * instances, order and class selections), the Services and EndpointSlices its backends name,
   * the classes and their parameters, and the options.
   */
  static final class Slot {
    final List<dev.ingressc.ir.Route> routes = new java.util.ArrayList<>();
    final List<dev.ingressc.diag.Diagnostic> diagnostics = new java.util.ArrayList<>(0);
    final List<Normalizer.Resolution> resolutions = new java.util.ArrayList<>(1);
    /** The default slot's backend. */
    dev.ingressc.ir.Backend backend;
    /** The host as the last IR served it, if it did. */
    VirtualHost virtualHost;
    /** Built in this pass (not kept). */
    boolean fresh = true;
  }

  /**
   * The resolution of one Service port with one load balancing and protocol, shared by every route naming it:
   * computed once, and when only the Service's EndpointSlices change, computed again in place
   * (what routes and hosts see of it does not depend on EndpointSlices, only the upstream does).
   */
  static final class Cell {
    BackendResolver.Proposal proposal;

    Cell(BackendResolver.Proposal proposal) {
      this.proposal = proposal;
    }
  }

  record CellKey(dev.ingressc.ir.BackendRef.ServicePort ref, dev.ingressc.ir.LoadBalancing loadBalancing,
      dev.ingressc.ir.BackendProtocol protocol) {}

  /**
   * What class selection and validation made of one Ingress instance: a function of it and of the
   * classes, parameters and options.
   *
   * @param selection null when the Ingress is not ours
   * @param notes what selection reported about it
   * @param taken null when not ours or rejected
   */
  record Selected(Located<Ingress> ingress, CheckedIngress checked, ClassSelector.Selection selection,
      List<dev.ingressc.diag.Diagnostic> notes, Normalizer.Taken taken) {}

  /** A Service some slot's backends looked up, as it was then, the slots that did, and its cells. */
  static final class Dependency {
    final String namespace;
    final String name;
    Located<Service> service;
    List<Located<EndpointSlice>> slices;
    final Set<String> hosts = new HashSet<>();
    boolean defaults;
    final Map<CellKey, Cell> cells = new HashMap<>(2);

    Dependency(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    String key() {
      return namespace + "/" + name;
    }
  }

  /**
   * Every resolution naming one upstream, so that the upstream and the findings that depend on
   * which resolution built it are decided from these alone.
   */
  static final class Group {
    final Set<Normalizer.Resolution> members = Collections.newSetFromMap(new IdentityHashMap<>());
    /** How many members share each cell. */
    final Map<Cell, Integer> cells = new IdentityHashMap<>(2);
    /** The upstream the last pass made of it. */
    dev.ingressc.ir.Upstream last;

    void add(Normalizer.Resolution r) {
      if (members.add(r)) {
        cells.merge(r.cell(), 1, Integer::sum);
      }
    }

    void remove(Normalizer.Resolution r) {
      if (members.remove(r)) {
        cells.computeIfPresent(r.cell(), (c, n) -> n == 1 ? null : n - 1);
      }
    }
  }

  /** The last pass: its inputs that every host depends on, its taken Ingresses, its slots. */
  static final class State {
    CompileOptions options;
    List<Located<?>> classInputs;
    /** Every Ingress of the last input, by key, with what selection and validation made of it. */
    List<Selected> selected = List.of();
    /** The taken Ingresses in conflict order. */
    List<Normalizer.Taken> taken = List.of();
    /** The taken Ingresses with rules for each host. */
    Map<String, List<Normalizer.Taken>> byHost = new HashMap<>();
    /** The taken Ingresses with TLS entries, in conflict order. */
    List<Normalizer.Taken> withTls = new java.util.ArrayList<>();
    /** What each class's parameters reported. */
    Map<String, List<dev.ingressc.diag.Diagnostic>> classFindings = new HashMap<>();
    /** The hosts whose slots hold findings. */
    Set<String> hostsWithFindings = new HashSet<>();
    /** The TLS settings of the last IR's hosts. */
    Map<String, dev.ingressc.ir.HostTls> hostTls = Map.of();
    Map<String, Slot> hosts = new HashMap<>();
    Slot defaults;
    Map<String, Dependency> services = new HashMap<>();
    /** By upstream name, so that upstreams come out sorted. */
    java.util.TreeMap<String, Group> groups = new java.util.TreeMap<>();
    /** The last IR's virtual hosts, in order. */
    List<VirtualHost> virtualHosts = List.of();

    /** Whether what every host depends on (options, classes, their parameters) is what it was. */
    boolean sameEnvironment(InputObjects in, CompileOptions o) {
      if (!options.equals(o)) {
        return false;
      }
      List<Located<?>> now = classInputs(in);
      if (now.size() != classInputs.size()) {
        return false;
      }
      for (int i = 0; i < now.size(); i++) {
        Located<?> a = now.get(i);
        Located<?> b = classInputs.get(i);
        // Equal content and source serve as well as the same instance: a cluster's IngressParameters
        // come as new objects every pass.
        if (a != b && (a == null || !a.equals(b))) {
          return false;
        }
      }
      return true;
    }

    void rememberEnvironment(InputObjects in, CompileOptions o) {
      options = o;
      classInputs = classInputs(in);
    }

    /**
     * What class selection and parameters read: the classes, the IngressParameters, and the
     * ConfigMaps classes name as parameters (null where missing), in a fixed order. Other
     * ConfigMaps (a cluster has many) do not matter.
     */
    private static List<Located<?>> classInputs(InputObjects in) {
      List<Located<?>> out = new java.util.ArrayList<>(in.ingressClasses());
      out.addAll(in.parameterObjects());
      for (Located<io.fabric8.kubernetes.api.model.networking.v1.IngressClass> c : in.ingressClasses()) {
        var ref = c.value().getSpec() == null ? null : c.value().getSpec().getParameters();
        if (ref != null && ref.getNamespace() != null && ref.getName() != null
            && (ref.getApiGroup() == null || ref.getApiGroup().isEmpty()) && "ConfigMap".equals(ref.getKind())) {
          out.add(in.configMap(ref.getNamespace(), ref.getName()));
        }
      }
      return out;
    }
  }

  /** Whether two collections hold the same instances (each once). */
  static boolean sameInstances(java.util.Collection<? extends Located<?>> a, java.util.Collection<? extends Located<?>> b) {
    if (a.size() != b.size()) {
      return false;
    }
    if (a instanceof List<?> la && b instanceof List<?> lb && a.size() <= 8) {
      for (Object x : la) {
        if (lb.stream().noneMatch(y -> y == x)) {
          return false;
        }
      }
      return true;
    }
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.addAll(b);
    return seen.containsAll(a);
  }
}
