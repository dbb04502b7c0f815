package dev.ingressc.emit.nginx.live;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.live.ApplyException;
import dev.ingressc.emit.live.FileTarget;
import dev.ingressc.emit.live.LiveSettings;
import dev.ingressc.emit.live.ProxyCheck;
import dev.ingressc.emit.live.support.ProxyRun;
import dev.ingressc.emit.live.support.Signals;
import dev.ingressc.emit.live.support.Waits;
import dev.ingressc.emit.nginx.NginxEmitter;
import dev.ingressc.emit.nginx.NginxFormat;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * nginx: the sidecar runs the master in the foreground ({@code daemon off} is in the config) or
 * attaches to one through its pid file. A reload is SIGHUP: the master re-reads
 * {@code current/nginx.conf}, starts new workers and lets the old ones finish their requests. It
 * has worked when a worker the master did not have before appears; it failed when the master
 * logs an {@code [emerg]} instead (then it keeps its old workers and configuration). Endpoints
 * are in nginx.conf: every change is a reload.
 */
public final class NginxApplier implements FileTarget {
  private static final Duration POLL = Duration.ofMillis(5);

  private final LiveSettings settings;
  private final String binary;
  private final NginxEmitter emitter = new NginxEmitter(NginxFormat.NATIVE);
  private final ProxyRun process;
  private final Path errorLog;

  public NginxApplier(LiveSettings settings) {
    this(settings, settings.events()::proxyRestarted, () -> {});
  }

  /**
   * @param onRestart runs after the supervised master died and was started again
   * @param beforeLaunch runs before the supervised master starts or restarts
   */
  NginxApplier(LiveSettings settings, Runnable onRestart, Runnable beforeLaunch) {
    this.settings = settings;
    this.binary = settings.binary("nginx");
    this.errorLog = settings.runtimeDir().resolve("error.log");
    this.process = new ProxyRun("nginx", settings, List.of(binary, "-p", settings.runtimeDir() + "/", "-e",
        settings.runtimeDir().resolve("startup.log").toString(), "-c",
        settings.current().resolve("nginx.conf").toString()), onRestart, beforeLaunch);
  }

  @Override
  public String name() {
    return "nginx";
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
    return ProxyCheck.run(List.of(binary, "-t", "-q", "-p", settings.runtimeDir() + "/", "-e",
        settings.runtimeDir().resolve("check.log").toString(), "-c", candidateDir.resolve("nginx.conf").toString()));
  }

  @Override
  public void start(Path candidateDir) throws ApplyException {
    if (process.attached()) {
      process.start();
      // The proxy container starts nginx on current/ once it exists; a reload makes sure it reads
      // this generation whichever came first.
      if (process.pid().isPresent()) {
        applyRouting(candidateDir);
      } else if (!Waits.until(settings.reloadTimeout(), Duration.ofMillis(50), () -> process.pid().isPresent())) {
        throw new ApplyException("no nginx master behind " + settings.proxyPidFile().get());
      }
      return;
    }
    process.startSupervised(POLL, () -> process.pid().map(p -> workers(p).size() > 0).orElse(false)
        && Waits.accepts(settings.httpPort()));
  }

  @Override
  public void applyRouting(Path candidateDir) throws ApplyException {
    long pid = process.pid().orElseThrow(() -> new ApplyException("nginx is not running"));
    Set<Long> before = workers(pid);
    long logMark = size(errorLog);
    if (!Signals.send(pid, "HUP")) {
      throw new ApplyException("cannot signal the nginx master " + pid);
    }
    long deadline = System.nanoTime() + settings.reloadTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      Set<Long> now = workers(pid);
      if (!before.containsAll(now)) {
        return;
      }
      Optional<String> emerg = newLines(errorLog, logMark).lines()
          .filter(l -> l.contains("[emerg]") || l.contains("[alert]")).findFirst();
      if (emerg.isPresent()) {
        throw new ApplyException("nginx refused the reload: " + emerg.get());
      }
      if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
        throw new ApplyException("the nginx master " + pid + " exited during the reload");
      }
      Waits.sleep(POLL);
    }
    throw new ApplyException("nginx started no new worker within " + settings.reloadTimeout().toMillis() + " ms");
  }

  static Set<Long> workers(long masterPid) {
    return ProcessHandle.of(masterPid).map(h -> h.children().map(ProcessHandle::pid).collect(Collectors.toSet()))
        .orElse(Set.of());
  }

  private static long size(Path p) {
    try {
      return Files.exists(p) ? Files.size(p) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** What was appended to a log since {@code mark}, capped so a flood cannot stall the loop. */
  private static String newLines(Path p, long mark) {
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
      long len = f.length();
      if (len <= mark) {
        return "";
      }
      byte[] b = new byte[(int) Math.min(len - mark, 64 * 1024)];
      f.seek(mark);
      f.readFully(b);
      return new String(b, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The master's pid, when one runs. */
  Optional<Long> masterPid() {
    return process.pid();
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
    process.stop("QUIT"); // graceful: workers finish their requests
  }
}
