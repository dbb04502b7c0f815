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
   * slots; null when the free slots are too few (or the backend is DNS-resolved): reload then.
   * Endpoints that stay keep their slot; new ones are made ready before old ones are put in
   * maintenance, so the backend never runs empty.
   */
  List<String> plan(String backend, List<Endpoint> wanted) {
    List<Endpoint> current = slots.get(backend);
    if (current == null || dnsBackends.contains(backend)) {
      return null;
    }
    List<Endpoint> added = wanted.stream().filter(e -> !current.contains(e)).toList();
    long free = current.stream().filter(e -> e == null).count();
    if (added.size() > free) {
      return null;
    }
    List<String> commands = new ArrayList<>();
    List<Endpoint> after = new ArrayList<>(current);
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
    for (int i = 0; i < after.size(); i++) {
      Endpoint e = after.get(i);
      if (e != null && !wanted.contains(e)) {
        after.set(i, null);
        commands.add("set server " + backend + "/s" + (i + 1) + " state maint");
      }
    }
    slots.put(backend, after);
    return commands;
  }

  /** A copy, so a plan can be tried without touching the slots the proxy really has. */
  HaproxySlots copy() {
    HaproxySlots c = new HaproxySlots();
    slots.forEach((k, v) -> c.slots.put(k, new ArrayList<>(v)));
    c.dnsBackends.addAll(dnsBackends);
    return c;
  }
}
