package dev.ingressc.emit.live.support;

import dev.ingressc.emit.live.ApplyException;
import dev.ingressc.emit.live.LiveSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The proxy master a file target drives, as nginx and HAProxy share it: run as the sidecar's child
 * ({@link SupervisedProcess}, its output in {@code RUNTIME/<name>.out}) or attached through
 * {@code --proxy-pid-file} ({@link AttachedProcess}); started and waited for until it serves;
 * stopped gracefully.
 */
public final class ProxyRun {
  private final String name;
  private final LiveSettings settings;
  private final ProxyProcess process;

  /**
   * @param command how to run the master in the foreground
   * @param onRestart runs after a supervised master died and was started again
   * @param beforeLaunch runs before a supervised master starts or restarts
   */
  public ProxyRun(String name, LiveSettings settings, List<String> command, Runnable onRestart,
      Runnable beforeLaunch) {
    this.name = name;
    this.settings = settings;
    this.process = settings.proxyPidFile().<ProxyProcess>map(f -> new AttachedProcess(f, settings.log()))
        .orElseGet(() -> new SupervisedProcess(name, command, settings.runtimeDir().resolve(name + ".out"),
            settings.drain(), onRestart, beforeLaunch, settings.log()));
  }

  /** Whether the master is someone else's, found through its pid file. */
  public boolean attached() {
    return settings.proxyPidFile().isPresent();
  }

  /** Starts the supervised master; returns once {@code serving} holds, else stops it and fails with its output. */
  public void startSupervised(Duration poll, BooleanSupplier serving) throws ApplyException {
    process.start();
    if (!Waits.until(settings.reloadTimeout(), poll, serving)) {
      String out = process.output();
      process.stop("TERM");
      throw new ApplyException(name + " did not start serving on port " + settings.httpPort() + ": " + out);
    }
  }

  /** Attaches (an attached master is looked for; a supervised one is started). */
  public void start() {
    process.start();
  }

  public Optional<Long> pid() {
    return process.pid();
  }

  public boolean running() {
    return process.pid().isPresent();
  }

  /** The end of the master's output (empty when attached). */
  public String output() {
    return process.output();
  }

  /** Stops a supervised master with {@code signal} (graceful: workers finish); an attached one is left running. */
  public void stop(String signal) {
    if (!attached()) {
      settings.log().info("proxy_stopping", "proxy", name, "signal", signal);
    }
    process.stop(signal);
  }
}
