package dev.ingressc.sidecar.apply;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.haproxy.HaproxyTables;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.sidecar.report.Log;
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
 *   <li>A change that needs nothing but new map entries, endpoints that fit the server slots, and
 *       spare backends for new Services ({@link HaproxyRuntimeState}) goes through the runtime API
 *       ({@code add|set|del map}, {@code set server B/sN addr … port …}, {@code state ready|maint})
 *       with no reload at all ({@link #applyLive}). The files follow, so a later reload or restart
 *       starts from the same routing.
 * </ul>
 */
public final class HaproxyApplier implements Applier, LiveUpdates {
  private static final Duration POLL = Duration.ofMillis(10);
  private static final java.util.regex.Pattern FAILED = java.util.regex.Pattern.compile("\\[failed: (\\d+)\\]");

  private final ApplierSettings settings;
  /** Whether changes may go through the runtime API ({@code --runtime-api}). */
  private final boolean liveUpdatesOn;
  private final Path masterSocket;
  private final Path statsSocket;
  private final ProxyProcess process;
  private static final int BATCH_CHARS = 8 * 1024;
  /** The tables of the files {@code current} points at. */
  private HaproxyTables currentTables;
  /** What the running HAProxy holds; null when not known (not started, or a runtime command failed). */
  private HaproxyRuntimeState state;

  public HaproxyApplier(ApplierSettings settings, boolean runtimeApi) {
    this.settings = settings;
    this.liveUpdatesOn = runtimeApi;
    this.masterSocket = settings.runtimeDir().resolve("master.sock");
    this.statsSocket = settings.runtimeDir().resolve("haproxy.sock");
    this.process = settings.proxyPidFile().<ProxyProcess>map(AttachedProcess::new).orElseGet(() ->
        new SupervisedProcess("haproxy", List.of(settings.binary(), "-W", "-S", masterSocket.toString(), "-f",
            settings.current().resolve("haproxy.cfg").toString()),
            settings.runtimeDir().resolve("haproxy.out"), settings.drain(), this::restarted));
  }

  @Override
  public String target() {
    return "haproxy";
  }

  @Override
  public ProxyCheck validate(Path candidateDir) {
    return ProxyCheck.run(List.of(settings.binary(), "-c", "-f", candidateDir.resolve("haproxy.cfg").toString()));
  }

  @Override
  public synchronized void start(Path candidateDir) throws ApplyException {
    if (settings.proxyPidFile().isPresent()) {
      process.start();
      if (!Waits.until(settings.reloadTimeout(), Duration.ofMillis(50), () -> !workers().isEmpty())) {
        throw new ApplyException("no HAProxy master answers on " + masterSocket);
      }
      reload(candidateDir);
      return;
    }
    process.start();
    boolean up = Waits.until(settings.reloadTimeout(), POLL,
        () -> process.pid().isPresent() && !workers().isEmpty() && Waits.accepts(settings.httpPort()));
    if (!up) {
      String out = process.output();
      process.stop("TERM");
      throw new ApplyException("haproxy did not start serving on port " + settings.httpPort() + ": " + out);
    }
    state = loadedState();
  }

  @Override
  public synchronized void switched(IngressIR ir, EmitOptions options) {
    currentTables = HaproxyTables.of(ir, options);
  }

  @Override
  public synchronized boolean standsIn() {
    return state != null && !state.aliases().isEmpty();
  }

  @Override
  public synchronized boolean applyLive(IngressIR next, EmitOptions options) {
    if (!liveUpdatesOn || state == null) {
      return false; // switched off; or not started, or a runtime command failed: only a reload tells what it holds
    }
    List<String> whyNot = new ArrayList<>();
    Optional<HaproxyRuntimeState.Step> step = state.plan(HaproxyTables.of(next, options), whyNot);
    if (step.isEmpty()) {
      Log.info("runtime_api_not_enough", "proxy", "haproxy", "reason", String.join("; ", whyNot), "action", "reload");
      return false;
    }
    if (!runtimeApi(step.get().commands())) {
      state = null;
      return false;
    }
    state = step.get().after();
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
          Log.warn("runtime_api_refused", "answer", refusal.get().strip(), "batch_size", batch.size());
          return false;
        }
      } catch (IOException e) {
        Log.warn("runtime_api_unreachable", "socket", statsSocket, "error", e.getMessage());
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

  /** What the runtime API can do was tried by {@link #applyLive} before the files were written. */
  @Override
  public synchronized void reload(Path candidateDir) throws ApplyException {
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
    settings.onRestart().run();
  }

  @Override
  public boolean outlivesSidecar() {
    return settings.proxyPidFile().isPresent();
  }

  @Override
  public boolean running() {
    return process.pid().isPresent();
  }

  @Override
  public void close() {
    if (settings.proxyPidFile().isEmpty()) {
      Log.info("proxy_stopping", "proxy", "haproxy", "signal", "USR1");
    }
    process.stop("USR1"); // soft stop: workers finish their connections
  }
}
