package dev.ingressc.sidecar.apply;

import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.sidecar.report.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 *   <li>A change that only moves endpoints of static upstreams, when the free server slots
 *       suffice, goes through the runtime API ({@code set server B/sN addr … port …},
 *       {@code state ready|maint}) with no reload at all. The new configuration is still written
 *       and switched to, so a later reload or restart starts from the same endpoints.
 * </ul>
 */
public final class HaproxyApplier implements Applier {
  private static final Duration POLL = Duration.ofMillis(10);
  private static final java.util.regex.Pattern FAILED = java.util.regex.Pattern.compile("\\[failed: (\\d+)\\]");

  private final ApplierSettings settings;
  private final Path masterSocket;
  private final Path statsSocket;
  private final ProxyProcess process;
  private HaproxySlots slots;

  public HaproxyApplier(ApplierSettings settings) {
    this.settings = settings;
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
    slots = readSlots(candidateDir);
  }

  @Override
  public synchronized Applied apply(IngressIR served, IngressIR next, Path candidateDir) throws ApplyException {
    Optional<List<String>> commands = runtimeCommands(served, next);
    if (commands.isPresent()) {
      if (runtimeApi(commands.get())) {
        return Applied.RUNTIME_UPDATED;
      }
      Log.warn("runtime_api_fallback", "proxy", "haproxy", "reason", "a runtime command failed; reloading");
    }
    reload(candidateDir);
    return Applied.RELOADED;
  }

  /** The runtime-API commands for an endpoint-only change that fits the free slots; else empty. */
  private Optional<List<String>> runtimeCommands(IngressIR served, IngressIR next) {
    Optional<Map<String, List<Endpoint>>> delta = EndpointDelta.between(served, next);
    if (delta.isEmpty() || slots == null) {
      return Optional.empty();
    }
    HaproxySlots trial = slots.copy();
    List<String> commands = new ArrayList<>();
    for (Map.Entry<String, List<Endpoint>> e : delta.get().entrySet()) {
      List<String> backends = trial.backendsOf(e.getKey());
      if (backends.isEmpty()) {
        return Optional.empty();
      }
      for (String backend : backends) {
        List<String> plan = trial.plan(backend, e.getValue());
        if (plan == null) {
          return Optional.empty();
        }
        commands.addAll(plan);
      }
    }
    slots = trial;
    return Optional.of(commands);
  }

  private boolean runtimeApi(List<String> commands) {
    for (String c : commands) {
      try {
        String answer = UnixSocketClient.send(statsSocket, c);
        if (answer.contains("No such") || answer.contains("Unknown") || answer.contains("Require")
            || answer.contains("Invalid")) {
          Log.warn("runtime_api_refused", "command", c, "answer", answer.strip());
          slots = null; // unknown now: the reload re-reads them
          return false;
        }
      } catch (IOException e) {
        Log.warn("runtime_api_unreachable", "socket", statsSocket, "error", e.getMessage());
        slots = null;
        return false;
      }
    }
    return true;
  }

  private void reload(Path candidateDir) throws ApplyException {
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
        slots = readSlots(candidateDir);
        return;
      }
      if (now.failedReloads() > before.failedReloads()) {
        break; // the master could not load it and keeps the previous worker
      }
      Waits.sleep(POLL);
    }
    slots = null;
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

  private HaproxySlots readSlots(Path candidateDir) {
    try {
      return HaproxySlots.parse(Files.readString(candidateDir.resolve("haproxy.cfg")));
    } catch (IOException e) {
      Log.warn("slots_unreadable", "dir", candidateDir, "error", e.getMessage());
      return null;
    }
  }

  /** A restarted HAProxy loaded current/ afresh: its slots are those of that configuration. */
  private void restarted() {
    synchronized (this) {
      try {
        slots = readSlots(settings.current().toRealPath());
      } catch (IOException e) {
        slots = null;
      }
    }
    settings.onRestart().run();
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
