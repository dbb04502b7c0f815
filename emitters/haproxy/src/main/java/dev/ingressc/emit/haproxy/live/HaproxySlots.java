package dev.ingressc.emit.haproxy.live;

import dev.ingressc.emit.haproxy.BackendView;
import dev.ingressc.ir.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server slots of every backend as the running HAProxy has them: as emitted for the files it
 * loaded (enabled servers hold an endpoint, {@code disabled} ones are free), then kept up to date
 * as runtime-API commands fill and free them.
 */
final class HaproxySlots {
  /** Each backend's slots in order; null marks a free slot. */
  private final Map<String, List<Endpoint>> slots = new LinkedHashMap<>();
  private final Set<String> dnsBackends = new java.util.HashSet<>();

  /** The slots of the backends as emitted (enabled servers hold their endpoint, disabled ones are free). */
  static HaproxySlots of(Map<String, BackendView> backends) {
    HaproxySlots s = new HaproxySlots();
    backends.forEach((name, b) -> {
      if (b.resolvesNames()) {
        s.dnsBackends.add(name);
      }
      if (!b.servers().isEmpty()) {
        s.slots.put(name, new ArrayList<>(b.servers().stream().map(BackendView.ServerView::endpoint).toList()));
      }
    });
    return s;
  }

  /**
   * The runtime-API commands that make {@code backend} serve exactly {@code wanted}, updating the
   * slots; null when the slots are too few (or the backend is DNS-resolved): reload then.
   * Endpoints that stay keep their slot. New endpoints are made ready before old ones go to
   * maintenance when free slots allow; otherwise old ones leave first, but only while some kept
   * endpoint still serves, so the backend never runs empty.
   */
  List<String> plan(String backend, List<Endpoint> wanted) {
    List<Endpoint> current = slots.get(backend);
    if (current == null || dnsBackends.contains(backend) || wanted.size() > current.size()) {
      return null;
    }
    List<Endpoint> added = wanted.stream().filter(e -> !current.contains(e)).toList();
    long free = current.stream().filter(e -> e == null).count();
    boolean keepsOne = current.stream().anyMatch(e -> e != null && wanted.contains(e));
    if (added.size() > free && !keepsOne) {
      return null;
    }
    List<String> commands = new ArrayList<>();
    List<Endpoint> after = new ArrayList<>(current);
    boolean addFirst = added.size() <= free;
    if (!addFirst) {
      remove(backend, after, wanted, commands);
    }
    int next = 0;
    for (Endpoint e : added) {
      while (after.get(next) != null) {
        next++;
      }
      after.set(next, e);
      String server = backend + "/s" + (next + 1);
      commands.add("set server " + server + " addr " + e.address() + " port " + e.port());
      commands.add("set server " + server + " state ready");
    }
    if (addFirst) {
      remove(backend, after, wanted, commands);
    }
    slots.put(backend, after);
    return commands;
  }

  private static void remove(String backend, List<Endpoint> slots, List<Endpoint> wanted, List<String> commands) {
    for (int i = 0; i < slots.size(); i++) {
      Endpoint e = slots.get(i);
      if (e != null && !wanted.contains(e)) {
        slots.set(i, null);
        commands.add("set server " + backend + "/s" + (i + 1) + " state maint");
      }
    }
  }

  /** A copy, so a plan can be tried without touching the slots the proxy really has. */
  HaproxySlots copy() {
    HaproxySlots c = new HaproxySlots();
    slots.forEach((k, v) -> c.slots.put(k, new ArrayList<>(v)));
    c.dnsBackends.addAll(dnsBackends);
    return c;
  }
}
