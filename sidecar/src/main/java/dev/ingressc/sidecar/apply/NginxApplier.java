package dev.ingressc.sidecar.apply;

import dev.ingressc.sidecar.report.Log;
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
 * logs an {@code [emerg]} instead (then it keeps its old workers and configuration).
 */
public final class NginxApplier implements Applier {
  private static final Duration POLL = Duration.ofMillis(5);

  private final ApplierSettings settings;
  private final ProxyProcess process;
  private final Path errorLog;

  public NginxApplier(ApplierSettings settings) {
    this(settings, () -> {});
  }

  /** @param beforeLaunch runs before the supervised master starts or restarts */
  NginxApplier(ApplierSettings settings, Runnable beforeLaunch) {
    this.settings = settings;
    this.errorLog = settings.runtimeDir().resolve("error.log");
    this.process = settings.proxyPidFile().<ProxyProcess>map(AttachedProcess::new).orElseGet(() ->
        new SupervisedProcess("nginx", List.of(settings.binary(), "-p", settings.runtimeDir() + "/", "-e",
            settings.runtimeDir().resolve("startup.log").toString(), "-c",
            settings.current().resolve("nginx.conf").toString()),
            settings.runtimeDir().resolve("nginx.out"), settings.drain(), settings.onRestart(), beforeLaunch));
  }

  @Override
  public String target() {
    return "nginx";
  }

  @Override
  public ProxyCheck validate(Path candidateDir) {
    return ProxyCheck.run(List.of(settings.binary(), "-t", "-q", "-p", settings.runtimeDir() + "/", "-e",
        settings.runtimeDir().resolve("check.log").toString(), "-c", candidateDir.resolve("nginx.conf").toString()));
  }

  @Override
  public void start(Path candidateDir) throws ApplyException {
    if (settings.proxyPidFile().isPresent()) {
      process.start();
      // The proxy container starts nginx on current/ once it exists; a reload makes sure it reads
      // this generation whichever came first.
      if (process.pid().isPresent()) {
        reload(candidateDir);
      } else if (!Waits.until(settings.reloadTimeout(), Duration.ofMillis(50), () -> process.pid().isPresent())) {
        throw new ApplyException("no nginx master behind " + settings.proxyPidFile().get());
      }
      return;
    }
    process.start();
    boolean up = Waits.until(settings.reloadTimeout(), POLL, () -> process.pid().map(p -> workers(p).size() > 0)
        .orElse(false) && Waits.accepts(settings.httpPort()));
    if (!up) {
      String out = process.output();
      process.stop("TERM");
      throw new ApplyException("nginx did not start serving on port " + settings.httpPort() + ": " + out);
    }
  }

  @Override
  public void reload(Path candidateDir) throws ApplyException {
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
    return settings.proxyPidFile().isPresent();
  }

  @Override
  public boolean running() {
    return process.pid().isPresent();
  }

  @Override
  public void close() {
    if (settings.proxyPidFile().isEmpty()) {
      Log.info("proxy_stopping", "proxy", "nginx", "signal", "QUIT");
    }
    process.stop("QUIT"); // graceful: workers finish their requests
  }
}
