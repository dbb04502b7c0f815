package dev.ingressc.emit.live.support;

import dev.ingressc.emit.live.LiveLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A proxy master run as the sidecar's child in the foreground. When it dies without being asked
 * to, it is started again after a backoff that doubles from 100 ms up to 10 s, and resets once a
 * run lasted a minute; {@code onRestart} then runs, so the applier can forget runtime state.
 */
public final class SupervisedProcess implements ProxyProcess {
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  private static final Duration STABLE = Duration.ofMinutes(1);

  private final String name;
  private final List<String> command;
  private final Path out;
  private final Duration drain;
  private final Runnable onRestart;
  private final Runnable beforeLaunch;
  private final LiveLog log;
  private final ScheduledExecutorService restarter;
  private Process process;
  private long startedAt;
  private Duration backoff = FIRST_BACKOFF;
  private boolean stopping;

  public SupervisedProcess(String name, List<String> command, Path out, Duration drain, Runnable onRestart,
      LiveLog log) {
    this(name, command, out, drain, onRestart, () -> {}, log);
  }

  /** @param beforeLaunch runs before every start and restart (nginx: removes a dead master's unix socket) */
  public SupervisedProcess(String name, List<String> command, Path out, Duration drain, Runnable onRestart,
      Runnable beforeLaunch, LiveLog log) {
    this.beforeLaunch = beforeLaunch;
    this.name = name;
    this.command = List.copyOf(command);
    this.out = out;
    this.log = log;
    this.drain = drain;
    this.onRestart = onRestart;
    this.restarter = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ingressc-" + name + "-supervisor");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public synchronized Optional<Long> pid() {
    return process != null && process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
  }

  @Override
  public synchronized void start() {
    stopping = false;
    launch();
  }

  private void launch() {
    beforeLaunch.run();
    try {
      Process p = new ProcessBuilder(inOwnProcessGroup(command)).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
      process = p;
      startedAt = System.nanoTime();
      log.info("proxy_started", "proxy", name, "pid", p.pid());
      p.onExit().thenRun(() -> exited(p));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
    }
  }

  private synchronized void exited(Process p) {
    if (p != process || stopping) {
      return;
    }
    if (System.nanoTime() - startedAt > STABLE.toNanos()) {
      backoff = FIRST_BACKOFF;
    }
    Duration wait = backoff;
    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    log.warn("proxy_exited", "proxy", name, "pid", p.pid(), "exit", p.exitValue(), "restart_in_ms", wait.toMillis());
    // Workers outlive a master that was killed, and hold its ports: end its whole process group.
    Signals.sendGroup(p.pid(), "KILL");
    restarter.schedule(this::restart, wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void restart() {
    synchronized (this) {
      if (stopping) {
        return;
      }
      try {
        launch();
      } catch (UncheckedIOException e) {
        log.error("proxy_start_failed", "proxy", name, "error", e.getMessage());
        return;
      }
    }
    onRestart.run();
  }

  @Override
  public void stop(String signal) {
    Process p;
    synchronized (this) {
      stopping = true;
      p = process;
    }
    restarter.shutdownNow();
    if (p == null || !p.isAlive()) {
      return;
    }
    Signals.send(p.pid(), signal);
    try {
      if (!p.waitFor(drain.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("proxy_drain_timeout", "proxy", name, "pid", p.pid(), "drain_ms", drain.toMillis());
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
    Signals.sendGroup(p.pid(), "KILL"); // workers of a master killed hard would outlive it
    log.info("proxy_stopped", "proxy", name, "pid", p.pid());
  }

  /**
   * {@code setsid} makes the master lead a new process group (it execs in place: same pid), so
   * the master and all its workers can be signalled as one group.
   */
  private static List<String> inOwnProcessGroup(List<String> command) {
    return Binaries.find("setsid").map(s -> {
      List<String> c = new ArrayList<>(List.of(s));
      c.addAll(command);
      return c;
    }).orElse(command);
  }

  @Override
  public String output() {
    try {
      return Files.exists(out) ? tail(Files.readString(out), 4000) : "";
    } catch (IOException e) {
      return "";
    }
  }

  static String tail(String s, int max) {
    return s.length() <= max ? s : s.substring(s.length() - max);
  }
}
