package dev.ingressc.emit.haproxy.live;

import dev.ingressc.emit.haproxy.BackendView;
import dev.ingressc.emit.haproxy.BackendView.ServerView;
import dev.ingressc.emit.haproxy.HaproxyTables;
import dev.ingressc.ir.Endpoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a running HAProxy holds: the tables it loaded from files at its last start or reload, plus
 * what the runtime API changed since (map entries, server slots, and spare backends standing in
 * for backends it did not load). {@link #plan} turns a new IR's tables into the runtime-API
 * commands that make the running HAProxy route exactly as those tables say, when that is possible
 * without a reload:
 *
 * <ul>
 *   <li>the parts only a reload changes (global and frontend sections, which maps exist,
 *       certificates) are the same as loaded;
 *   <li>every backend is one HAProxy loaded with the same settings, or fits a free spare (same
 *       settings, enough slots, no DNS names);
 *   <li>its endpoints fit its slots.
 * </ul>
 *
 * <p>Commands come in an order that never routes a request to something not ready: servers are
 * filled first, then path entries, then host entries; entries leave in the reverse order, and
 * spares are emptied last. Immutable: a plan returns the state after it.
 */
final class HaproxyRuntimeState {
  private final HaproxyTables loaded;
  /** IR backend name → the spare standing in for it (backends HAProxy did not load). */
  private final Map<String, String> aliases;
  /** Each map file's entries as HAProxy holds them (values are the backends that really serve). */
  private final Map<String, Map<String, String>> maps;
  private final HaproxySlots slots;

  private HaproxyRuntimeState(HaproxyTables loaded, Map<String, String> aliases, Map<String, Map<String, String>> maps,
      HaproxySlots slots) {
    this.loaded = loaded;
    this.aliases = aliases;
    this.maps = maps;
    this.slots = slots;
  }

  /** HAProxy just loaded these tables from files. */
  static HaproxyRuntimeState loaded(HaproxyTables tables) {
    return new HaproxyRuntimeState(tables, Map.of(), tables.maps(), HaproxySlots.of(tables.backends()));
  }

  /** The commands and the state after them. */
  record Step(List<String> commands, HaproxyRuntimeState after) {}

  /**
   * A routing change: the runtime-API commands that make HAProxy serve {@code next} (map entries,
   * spare backends, server slots); empty when it needs a reload (with why).
   */
  Optional<Step> plan(HaproxyTables next, List<String> whyNot) {
    if (!next.sameFixedParts(loaded)) {
      whyNot.add("the global or frontend section or the certificates changed");
      return Optional.empty();
    }
    return backendsAndMaps(next, whyNot);
  }

  /**
   * An endpoints change ({@code next} is the routing this state serves with other endpoints): the
   * server-slot commands; empty when the endpoints do not fit the slots (with why). The maps and
   * spares stay as they are, so they give no commands.
   */
  Optional<Step> planEndpoints(HaproxyTables next, List<String> whyNot) {
    return backendsAndMaps(next, whyNot);
  }

  private Optional<Step> backendsAndMaps(HaproxyTables next, List<String> whyNot) {
    HaproxySlots trial = slots.copy();
    Map<String, String> newAliases = new TreeMap<>();
    Set<String> sparesTaken = new HashSet<>(aliases.values());
    List<String> fill = new ArrayList<>();
    for (BackendView b : next.backends().values()) {
      if (b.name().startsWith(HaproxyTables.SPARE_PREFIX) || b.status() != 0) {
        continue; // spares are ours to manage; fixed-answer backends never change
      }
      String serving = servingBackend(b, sparesTaken);
      if (serving == null) {
        whyNot.add("no free spare backend fits the new backend " + b.name());
        return Optional.empty();
      }
      BackendView as = loaded.backends().get(serving);
      if (!b.sameShape(as)) {
        whyNot.add("the settings of backend " + b.name() + " changed");
        return Optional.empty();
      }
      if (b.resolvesNames() || as.resolvesNames()) {
        if (!b.servers().equals(as.servers())) {
          whyNot.add("the DNS-resolved servers of backend " + b.name() + " changed");
          return Optional.empty();
        }
        continue;
      }
      if (!serving.equals(b.name())) {
        newAliases.put(b.name(), serving);
        sparesTaken.add(serving);
      }
      List<Endpoint> wanted = b.servers().stream().filter(ServerView::enabled).map(ServerView::endpoint).toList();
      List<String> commands = trial.plan(serving, wanted);
      if (commands == null) {
        whyNot.add("the endpoints of backend " + b.name() + " do not fit its server slots");
        return Optional.empty();
      }
      fill.addAll(commands);
    }
    List<String> empty = new ArrayList<>();
    for (Map.Entry<String, String> old : aliases.entrySet()) {
      if (!newAliases.containsValue(old.getValue())) {
        empty.addAll(Objects.requireNonNull(trial.plan(old.getValue(), List.of())));
      }
    }
    Map<String, Map<String, String>> wantedMaps = new TreeMap<>();
    next.maps().forEach((file, entries) -> {
      Map<String, String> m = new LinkedHashMap<>();
      // A route value may carry the https-redirect mark (PlainHttpRedirects) before its backend's name.
      entries.forEach((k, v) -> m.put(k, v.startsWith("~") ? "~" + newAliases.getOrDefault(v.substring(1), v.substring(1))
          : newAliases.getOrDefault(v, v)));
      wantedMaps.put(file, m);
    });
    List<String> commands = new ArrayList<>(fill);
    // New entries become reachable leaves first (paths), then through their host; old ones leave the other way.
    String hosts = next.fixed().maps().hosts();
    wantedMaps.keySet().stream().filter(f -> !f.equals(hosts)).forEach(f -> putEntries(f, wantedMaps.get(f), commands));
    putEntries(hosts, wantedMaps.get(hosts), commands);
    deleteEntries(hosts, wantedMaps.get(hosts), commands);
    wantedMaps.keySet().stream().filter(f -> !f.equals(hosts))
        .forEach(f -> deleteEntries(f, wantedMaps.get(f), commands));
    commands.addAll(empty);
    return Optional.of(new Step(commands, new HaproxyRuntimeState(loaded, newAliases, wantedMaps, trial)));
  }

  /** The backend HAProxy serves {@code b} with: its own, the spare it already has, or a free spare. */
  private String servingBackend(BackendView b, Set<String> sparesTaken) {
    if (loaded.backends().containsKey(b.name())) {
      return b.name();
    }
    String spare = aliases.get(b.name());
    if (spare != null) {
      return spare;
    }
    long endpoints = b.servers().stream().filter(ServerView::enabled).count();
    return loaded.backends().values().stream()
        .filter(s -> s.name().startsWith(HaproxyTables.SPARE_PREFIX) && !sparesTaken.contains(s.name()))
        .filter(s -> s.sameShape(b) && s.servers().size() >= endpoints)
        .map(BackendView::name).findFirst().orElse(null);
  }

  private void putEntries(String file, Map<String, String> wanted, List<String> commands) {
    Map<String, String> now = maps.getOrDefault(file, Map.of());
    wanted.forEach((k, v) -> {
      String before = now.get(k);
      if (before == null) {
        commands.add("add map " + file + " " + cli(k) + " " + cli(v));
      } else if (!before.equals(v)) {
        commands.add("set map " + file + " " + cli(k) + " " + cli(v));
      }
    });
  }

  private void deleteEntries(String file, Map<String, String> wanted, List<String> commands) {
    maps.getOrDefault(file, Map.of()).keySet().stream().filter(k -> !wanted.containsKey(k))
        .forEach(k -> commands.add("del map " + file + " " + cli(k)));
  }

  /**
   * One argument of a runtime-API command. The CLI splits a line at spaces and at {@code ;} and
   * takes a backslash as an escape, so those three are escaped; map tokens hold no whitespace
   * or control characters (the emitter refuses them).
   */
  static String cli(String token) {
    StringBuilder sb = new StringBuilder(token.length() + 4);
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '\\' || c == ';' || c == ' ') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** The spares standing in for backends HAProxy did not load, for logs and tests. */
  Map<String, String> aliases() {
    return aliases;
  }
}
