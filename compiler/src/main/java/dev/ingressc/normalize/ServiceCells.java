package dev.ingressc.normalize;

import dev.ingressc.ir.BackendProtocol;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.LoadBalancing;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The memo of backend resolutions, keyed by what they read: a Service port's resolution (its
 * {@link Resolution.Cell}) is kept while the Service is the same instance (or an equal one from the
 * same place) and computed again in place when only its EndpointSlices are other instances. It also
 * knows which hosts' routes read each Service, so that a replaced Service makes exactly those hosts'
 * memo entries stale.
 */
final class ServiceCells {
  private record CellKey(BackendRef.ServicePort ref, LoadBalancing loadBalancing, BackendProtocol protocol) {}

  /** A Service some host's backends looked up, as it was then, the hosts that did, and its cells. */
  private static final class Dependency {
    final String namespace;
    final String name;
    /** {@code namespace/name}, made once: every pass looks its EndpointSlices up by it. */
    final String key;
    CheckedService service;
    List<CheckedSlice> slices;
    final Set<String> hosts = new HashSet<>();
    boolean defaults;
    final Map<CellKey, Resolution.Cell> cells = new HashMap<>(2);

    Dependency(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
      this.key = namespace + "/" + name;
    }
  }

  /** The hosts (and whether the default backend) whose Services are other objects than last pass. */
  record Stale(Set<String> hosts, boolean defaults) {}

  private final Map<String, Dependency> services = new HashMap<>();
  /** Whether the hosts that read each Service are recorded: only a next pass reads them. */
  private final boolean keep;

  ServiceCells(boolean keep) {
    this.keep = keep;
  }

  /** The shared resolution of a Service port with a load balancing and protocol. */
  Resolution.Cell cell(BackendRef.ServicePort ref, LoadBalancing lb, BackendProtocol protocol, CheckedObjects.Inputs in,
      BackendResolver backends) {
    String key = ref.namespace() + "/" + ref.service();
    Dependency d = services.get(key);
    if (d == null) {
      d = new Dependency(ref.namespace(), ref.service());
      d.service = in.service(ref.namespace(), ref.service());
      d.slices = backends.slices(key);
      services.put(key, d);
    }
    return d.cells.computeIfAbsent(new CellKey(ref, lb, protocol),
        k -> new Resolution.Cell(backends.service(ref, lb, protocol)));
  }

  /**
   * Compares each Service looked up last pass with this pass's: a replaced Service makes the hosts
   * that read it stale (ports, type, external name: what routes resolve to, and what they report,
   * may differ); a Service whose EndpointSlices alone changed only gets its cells computed again.
   */
  Stale refresh(CheckedObjects.Inputs in, BackendResolver backends) {
    Set<String> hosts = new HashSet<>();
    boolean defaults = false;
    for (Dependency d : services.values()) {
      CheckedService service = in.service(d.namespace, d.name);
      if (service != d.service && service != null && service.resolvesAlike(d.service)) {
        d.service = service;
      }
      if (service != d.service) {
        hosts.addAll(d.hosts);
        defaults |= d.defaults;
        d.cells.clear();
        d.service = service;
        d.slices = backends.slices(d.key);
      } else {
        List<CheckedSlice> slices = backends.slices(d.key);
        if (!sameInstances(slices, d.slices)) {
          d.cells.forEach((k, c) -> c.proposal = backends.service(k.ref(), k.loadBalancing(), k.protocol()));
          d.slices = slices;
        }
      }
    }
    return new Stale(hosts, defaults);
  }

  /** Records (or, with {@code add} false, forgets) that {@code host} (null: the default backend) read the Services of {@code routes}. */
  void depend(String host, HostRoutes routes, boolean add) {
    if (!keep) {
      return;
    }
    for (Resolution r : routes.resolutions) {
      String key = r.proposal().serviceKey();
      Dependency d = key == null ? null : services.get(key);
      if (d == null) {
        continue;
      }
      if (host == null) {
        d.defaults = add;
      } else if (add) {
        d.hosts.add(host);
      } else {
        d.hosts.remove(host);
      }
    }
  }

  /** Forgets the Services no host reads any more. */
  void prune() {
    if (!keep) {
      return;
    }
    services.values().removeIf(d -> d.hosts.isEmpty() && !d.defaults);
  }

  /** Whether two collections hold the same instances (each once). */
  static boolean sameInstances(Collection<?> a, Collection<?> b) {
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
