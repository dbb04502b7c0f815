package dev.ingressc.normalize;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The taken Ingresses in conflict order, and the inputs of {@code merge} and {@code tls} read off
 * them: the Ingresses with rules for each host, those with TLS entries and those with a default
 * backend. Kept across passes and updated with the Ingresses that came and went.
 */
final class TakenIndex {
  private List<Taken> taken = List.of();
  private Map<String, List<Taken>> byHost = new HashMap<>();
  private List<Taken> withTls = new ArrayList<>();
  private List<Taken> withDefault = new ArrayList<>();

  List<Taken> taken() {
    return taken;
  }

  List<Taken> withTls() {
    return withTls;
  }

  List<Taken> withDefault() {
    return withDefault;
  }

  Set<String> hosts() {
    return byHost.keySet();
  }

  /** The input of {@code merge} for {@code host}: the taken Ingresses with rules for it, in conflict order. */
  List<Taken> contenders(String host) {
    List<Taken> l = byHost.get(host);
    return l == null ? List.of() : Collections.unmodifiableList(l);
  }

  /** Built afresh from every taken Ingress. */
  void rebuild(List<Taken> all) {
    taken = new ArrayList<>(all);
    taken.sort(Taken.CONFLICT_ORDER);
    byHost = new HashMap<>();
    withTls = new ArrayList<>();
    withDefault = new ArrayList<>();
    for (Taken t : taken) {
      // In conflict order, so each host's list is too; a host repeated in t's rules is added once
      // (its paths come one Ingress at a time, so t is then the list's last).
      for (CheckedIngress.PathRule p : t.checked().paths()) {
        List<Taken> l = byHost.computeIfAbsent(p.key().host(), k -> new ArrayList<>(1));
        if (l.isEmpty() || l.get(l.size() - 1) != t) {
          l.add(t);
        }
      }
      if (t.checked().hasTls()) {
        withTls.add(t);
      }
      if (t.checked().defaultBackend() != null) {
        withDefault.add(t);
      }
    }
  }

  /**
   * Updated with the Ingresses that came and went. The conflict order is last pass's less those
   * gone, plus those come, sorted again: nearly sorted already, which the sort finds in linear time.
   * Many changes at once (more than a sixteenth of all) rebuild instead, which costs less then.
   */
  void update(List<Taken> came, List<Taken> went) {
    if ((came.size() + went.size()) * 16L > taken.size()) {
      Set<Taken> gone = identitySet(went);
      List<Taken> all = new ArrayList<>(taken.size() + came.size());
      taken.stream().filter(t -> !gone.contains(t)).forEach(all::add);
      all.addAll(came);
      rebuild(all);
      return;
    }
    Set<Taken> gone = identitySet(went);
    List<Taken> next = new ArrayList<>(taken.size() + came.size());
    taken.stream().filter(t -> !gone.contains(t)).forEach(next::add);
    next.addAll(came);
    next.sort(Taken.CONFLICT_ORDER);
    taken = next;
    for (Taken t : went) {
      for (String h : hostsOf(t)) {
        List<Taken> l = byHost.get(h);
        l.removeIf(x -> x == t);
        if (l.isEmpty()) {
          byHost.remove(h);
        }
      }
      withTls.removeIf(x -> x == t);
      withDefault.removeIf(x -> x == t);
    }
    for (Taken t : came) {
      hostsOf(t).forEach(h -> insert(byHost.computeIfAbsent(h, k -> new ArrayList<>(1)), t));
      if (t.checked().hasTls()) {
        insert(withTls, t);
      }
      if (t.checked().defaultBackend() != null) {
        insert(withDefault, t);
      }
    }
  }

  /** Into its place in conflict order. */
  private static void insert(List<Taken> sorted, Taken t) {
    int i = Collections.binarySearch(sorted, t, Taken.CONFLICT_ORDER);
    sorted.add(i < 0 ? -i - 1 : i, t);
  }

  static Set<String> hostsOf(Taken t) {
    Set<String> hosts = new LinkedHashSet<>();
    t.checked().paths().forEach(p -> hosts.add(p.key().host()));
    return hosts;
  }

  private static Set<Taken> identitySet(List<Taken> l) {
    Set<Taken> s = Collections.newSetFromMap(new IdentityHashMap<>());
    s.addAll(l);
    return s;
  }
}
