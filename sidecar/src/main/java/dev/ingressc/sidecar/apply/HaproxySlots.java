package dev.ingressc.sidecar.apply;

import dev.ingressc.ir.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server slots of every backend as the running HAProxy has them: read from the configuration
 * it loaded (enabled servers hold an endpoint, {@code disabled} ones are free), then kept up to date
 * as runtime-API commands fill and free them. Backends are named after the IR upstream with
 * {@code /} turned into {@code _}, plus {@code ~N} for variants with other route settings.
 */
final class HaproxySlots {
  private static final Pattern BACKEND = Pattern.compile("^backend (\\S+)\\s*$");
  private static final Pattern SERVER =
      Pattern.compile("^\\s+server (s\\d+) (\\[[^\\]]+\\]|[^\\s:]+):(\\d+)(.*)$");

  /** Each backend's slots in order; null marks a free slot. */
  private final Map<String, List<Endpoint>> slots = new LinkedHashMap<>();
  private final Set<String> dnsBackends = new java.util.HashSet<>();

  static HaproxySlots parse(String config) {
    HaproxySlots s = new HaproxySlots();
    String backend = null;
    for (String line : config.split("\n")) {
      Matcher b = BACKEND.matcher(line);
      if (b.matches()) {
        backend = b.group(1);
        continue;
      }
      if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
        backend = null;
        continue;
      }
      Matcher m = SERVER.matcher(line);
      if (backend != null && m.matches()) {
        String rest = m.group(4);
        if (rest.contains("resolvers")) {
          s.dnsBackends.add(backend);
        }
        String host = m.group(2).startsWith("[") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2);
        boolean free = rest.contains(" disabled");
        s.slots.computeIfAbsent(backend, k -> new ArrayList<>())
            .add(free ? null : new Endpoint(host, Integer.parseInt(m.group(3))));
      }
    }
    return s;
  }

  /** The backends that carry an IR upstream's traffic. */
  List<String> backendsOf(String upstream) {
    String base = upstream.replace('/', '_');
    return slots.keySet().stream().filter(n -> n.equals(base) || n.startsWith(base + "~")).toList();
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
