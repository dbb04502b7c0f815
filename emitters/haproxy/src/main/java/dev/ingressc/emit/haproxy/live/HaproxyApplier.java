package dev.ingressc.emit.haproxy.live;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.haproxy.HaproxyEmitter;
import dev.ingressc.emit.haproxy.HaproxyTables;
import dev.ingressc.emit.live.ApplyException;
import dev.ingressc.emit.live.FileTarget;
import dev.ingressc.emit.live.LiveLog;
import dev.ingressc.emit.live.LiveSettings;
import dev.ingressc.emit.live.ProxyCheck;
import dev.ingressc.emit.live.support.ProxyRun;
import dev.ingressc.emit.live.support.UnixSocketClient;
import dev.ingressc.emit.live.support.Waits;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * HAProxy in master-worker mode: {@code haproxy -W -S RUNTIME/master.sock -f current/haproxy.cfg}.
 *
 * <ul>
 *   <li>A reload is {@code reload} on the master socket: the master re-executes itself, reads
 *       {@code current/haproxy.cfg}, and the new worker takes the listening sockets from the old
 *       one ({@code expose-fd listeners} on the stats socket), so no connection is refused; the
 *       old worker finishes its requests. It has worked when {@code show proc} lists a worker
 *       that was not there before.
 *   <li>Endpoints that fit the server slots ({@link #applyEndpoints}: the sidecar found the
 *       routing unchanged) go through the runtime API ({@code set server B/sN addr … port …},
 *       {@code state ready|maint}), and so does a routing change that needs nothing but new map
 *       entries and spare backends for new Services ({@link #applyRoutingLive},
 *       {@link HaproxyRuntimeState}: {@code add|set|del map}), with no reload at all. The files
 *       follow, so a later reload or restart starts from the same routing.
 * </ul>
 */
public final class HaproxyApplier implements FileTarget {
  private static final Duration POLL = Duration.ofMillis(10);
  private static final java.util.regex.Pattern FAILED = java.util.regex.Pattern.compile("\\[failed: (\\d+)\\]");

  private final LiveSettings settings;
  private final LiveLog log;
  private final String binary;
  private final HaproxyEmitter emitter = new HaproxyEmitter();
  /** Whether changes may go through the runtime API ({@code --runtime-api}). */
  private final boolean liveUpdatesOn;
  private final Path masterSocket;
  private final Path statsSocket;
  private final ProxyRun process;
  private static final int BATCH_CHARS = 8 * 1024;
  /** The tables of the files {@code current} points at, and their routing. */
  private HaproxyTables currentTables;
  private IngressIR currentRouting;
  /** The routing the running HAProxy serves, with {@link #state}. */
  private IngressIR servedRouting;
  /** What the running HAProxy holds; null when not known (not started, or a runtime command failed). */
  private HaproxyRuntimeState state;

  public HaproxyApplier(LiveSettings settings) {
    this.settings = settings;
    this.log = settings.log();
    this.binary = settings.binary("haproxy");
    this.liveUpdatesOn = settings.runtimeApi();
    this.masterSocket = settings.runtimeDir().resolve("master.sock");
    this.statsSocket = settings.runtimeDir().resolve("haproxy.sock");
    this.process = new ProxyRun("haproxy", settings, List.of(binary, "-W", "-S", masterSocket.toString(), "-f",
        settings.current().resolve("haproxy.cfg").toString()), this::restarted, () -> { });
  }

  @Override
  public String name() {
    return "haproxy";
  }

  @Override
  public String describe() {
    return binary;
  }

  @Override
  public EmittedFiles emit(IngressIR routing, EndpointTable endpoints, EmitOptions options) {
    return emitter.emit(routing, endpoints, options);
  }

  @Override
  public ProxyCheck check(Path candidateDir) {
    return ProxyCheck.run(List.of(binary, "-c", "-f", candidateDir.resolve("haproxy.cfg").toString()));
  }

  @Override
  public synchronized void start(Path candidateDir) throws ApplyException {
    if (process.attached()) {
      process.start();
      if (!Waits.until(settings.reloadTimeout(), Duration.ofMillis(50), () -> !workers().isEmpty())) {
        throw new ApplyException("no HAProxy master answers on " + masterSocket);
      }
      applyRouting(candidateDir);
      return;
    }
    process.startSupervised(POLL,
        () -> process.pid().isPresent() && !workers().isEmpty() && Waits.accepts(settings.httpPort()));
    state = loadedState();
  }

  @Override
  public synchronized void switched(IngressIR ir, EndpointTable endpoints, EmitOptions options) {
    currentTables = HaproxyTables.of(ir, endpoints, options);
    currentRouting = ir;
  }

  @Override
  public synchronized boolean standsIn() {
    return state != null && !state.aliases().isEmpty();
  }

  @Override
  public synchronized boolean applyEndpoints(IngressIR routing, EndpointTable endpoints, EmitOptions options) {
    if (servedRouting != routing && !routing.equals(servedRouting)) {
      // HAProxy serves other routing than the sidecar served (it restarted from older files): a routing change.
      return applyRoutingLive(routing, endpoints, options);
    }
    return apply(routing, endpoints, options, false);
  }

  @Override
  public synchronized boolean applyRoutingLive(IngressIR routing, EndpointTable endpoints, EmitOptions options) {
    return apply(routing, endpoints, options, true);
  }

  private boolean apply(IngressIR routing, EndpointTable endpoints, EmitOptions options, boolean routingChanged) {
    if (!liveUpdatesOn || state == null) {
      return false; // switched off; or not started, or a runtime command failed: only a reload tells what it holds
    }
    if (!routing.passthroughHosts().isEmpty()) {
      // The passthrough's TCP backends have no runtime slots: a reload keeps their endpoints true.
      log.info("runtime_api_not_enough", "proxy", "haproxy", "reason", "some host is passed through (ssl-passthrough)",
          "action", "reload");
      return false;
    }
    List<String> whyNot = new ArrayList<>();
    HaproxyTables next = HaproxyTables.of(routing, endpoints, options);
    Optional<HaproxyRuntimeState.Step> step = routingChanged ? state.plan(next, whyNot) : state.planEndpoints(next, whyNot);
    if (step.isEmpty()) {
      log.info("runtime_api_not_enough", "proxy", "haproxy", "reason", String.join("; ", whyNot), "action", "reload");
      return false;
    }
    if (!runtimeApi(step.get().commands())) {
      state = null;
      return false;
    }
    state = step.get().after();
    servedRouting = routing;
    return true;
  }

  /**
   * Sends the commands, many to a connection (one {@code ;}-separated line of up to 8 kB each, so a
   * large change is neither one connection per command nor one unbounded line); false at the first
   * batch the runtime API refuses.
   */
  private boolean runtimeApi(List<String> commands) {
    int from = 0;
    while (from < commands.size()) {
      int to = from;
      int length = 0;
      while (to < commands.size() && (to == from || length + commands.get(to).length() + 1 <= BATCH_CHARS)) {
        length += commands.get(to++).length() + 1;
      }
      List<String> batch = commands.subList(from, to);
      from = to;
      try {
        String answer = UnixSocketClient.send(statsSocket, String.join(";", batch));
        Optional<String> refusal = answer.lines().filter(HaproxyApplier::isRefusal).findFirst();
        if (refusal.isPresent()) {
          log.warn("runtime_api_refused", "answer", refusal.get().strip(), "batch_size", batch.size());
          return false;
        }
      } catch (IOException e) {
        log.warn("runtime_api_unreachable", "socket", statsSocket, "error", e.getMessage());
        return false;
      }
    }
    return true;
  }

  /** The runtime API answers these commands with nothing, or "... changed from ..." for an address. */
  static boolean isRefusal(String line) {
    String l = line.strip().toLowerCase(java.util.Locale.ROOT);
    return !l.isEmpty() && !l.contains("changed from") && !l.startsWith("no need to change");
  }

  /** What the runtime API can do was tried by {@link #applyEndpoints} or {@link #applyRoutingLive} before the files were written. */
  @Override
  public synchronized void applyRouting(Path candidateDir) throws ApplyException {
    MasterView before = master();
    if (before.workers().isEmpty()) {
      throw new ApplyException("haproxy is not running (no worker on " + masterSocket + ")");
    }
    try {
      UnixSocketClient.send(masterSocket, "reload; quit");
    } catch (IOException e) {
      // The master closes the connection as it re-executes; a refused connection means no reload.
      if (!Files.exists(masterSocket)) {
        throw new ApplyException("cannot reach the HAProxy master socket " + masterSocket + ": " + e.getMessage());
      }
    }
    long deadline = System.nanoTime() + settings.reloadTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      MasterView now = master();
      if (!now.workers().isEmpty() && !before.workers().containsAll(now.workers())) {
        state = loadedState();
        return;
      }
      if (now.failedReloads() > before.failedReloads()) {
        throw new ApplyException("HAProxy refused the reload and keeps the previous worker: " + process.output());
      }
      Waits.sleep(POLL);
    }
    throw new ApplyException("HAProxy did not take the configuration (no new worker within "
        + settings.reloadTimeout().toMillis() + " ms); it keeps the previous one: " + process.output());
  }

  /**
   * What the master's {@code show proc} says: its current (not old) workers, and how many reloads
   * failed ({@code [failed: N]}); no workers when it does not answer.
   */
  record MasterView(Set<Long> workers, long failedReloads) {}

  MasterView master() {
    Set<Long> workers = new TreeSet<>();
    long failed = 0;
    try {
      boolean old = false;
      for (String line : UnixSocketClient.send(masterSocket, "show proc; quit").split("\n")) {
        if (line.startsWith("# old workers")) {
          old = true;
        }
        String[] f = line.trim().split("\\s+");
        if (f.length > 1 && f[1].equals("master")) {
          java.util.regex.Matcher m = FAILED.matcher(line);
          failed = m.find() ? Long.parseLong(m.group(1)) : 0;
        }
        if (!old && f.length > 1 && f[1].equals("worker") && f[0].matches("\\d+")) {
          workers.add(Long.parseLong(f[0]));
        }
      }
    } catch (IOException e) {
      return new MasterView(Set.of(), failed);
    }
    return new MasterView(workers, failed);
  }

  private Set<Long> workers() {
    return master().workers();
  }

  /** HAProxy loaded current/ afresh: it holds those tables and nothing the runtime API did. */
  private HaproxyRuntimeState loadedState() {
    servedRouting = currentRouting;
    return currentTables == null ? null : HaproxyRuntimeState.loaded(currentTables);
  }

  /**
   * A restarted HAProxy loaded current/ afresh. Its runtime API answers once its worker runs, so
   * the pass the restart asks for can use it instead of reloading.
   */
  private void restarted() {
    Waits.until(settings.reloadTimeout(), POLL, () -> !workers().isEmpty());
    synchronized (this) {
      state = loadedState();
    }
    settings.events().proxyRestarted();
  }

  @Override
  public boolean outlivesSidecar() {
    return process.attached();
  }

  @Override
  public boolean running() {
    return process.running();
  }

  @Override
  public void close() {
    process.stop("USR1"); // soft stop: workers finish their connections
  }
}
