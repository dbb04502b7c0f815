package dev.ingressc.sidecar;

import dev.ingressc.Compiler.Compilation;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.live.ApplyException;
import dev.ingressc.emit.live.FileTarget;
import dev.ingressc.emit.live.ProxyCheck;
import dev.ingressc.sidecar.report.Log;
import dev.ingressc.sidecar.report.Metrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * nginx and HAProxy: write the candidate to a new generation directory, check it with the proxy,
 * point {@code current} at it and apply it (start or reload). A candidate that fails the check is
 * never switched to; one the proxy refuses is switched back.
 *
 * <p>The target first gets the chance to serve the change with no files and no reload: as
 * endpoints ({@link FileTarget#applyEndpoints}: HAProxy's runtime API, nginx lua's control
 * socket) when the routing is the one served, else as routing ({@link FileTarget#applyRoutingLive}:
 * HAProxy's map entries and spare backends). Served so, the change takes effect at once, and the files follow
 * in a later pass once changes have paused ({@link #behind}, {@link #catchUp}), so the check and the
 * writing of a large configuration never delay the next change. Until then {@code current} holds
 * the last files written, which a restart loads; the reconciler then delivers again.
 */
final class FileDelivery implements Delivery {
  private final FileTarget applier;
  private final Generations generations;
  private final int httpPort;
  private final int httpsPort;
  private final Metrics metrics;
  /** The compilation whose files {@code current} points at. */
  private Compilation persisted;
  /** Served through the runtime API, its files not written yet; null when the files are up to date. */
  private Compilation unwritten;
  private long lastLiveNanos;

  FileDelivery(FileTarget applier, Generations generations, int httpPort, int httpsPort, Metrics metrics) {
    this.applier = applier;
    this.generations = generations;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
    this.metrics = metrics;
  }

  @Override
  public Result deliver(Compilation c, Compilation served, long t0, long compiled) {
    boolean endpointsOnly = Delivery.sameRouting(c, served);
    EmitOptions live = options(generations.current());
    if (served != null && (endpointsOnly ? applier.applyEndpoints(c.ir(), c.endpoints(), live)
        : applier.applyRoutingLive(c.ir(), c.endpoints(), live))) {
      long gen = generations.reserve();
      unwritten = c;
      lastLiveNanos = System.nanoTime();
      metrics.runtimeUpdate(System.currentTimeMillis() / 1000.0);
      Log.info("applied", "target", applier.name(), "generation", gen, "how", "runtime_api",
          "verb", endpointsOnly ? "apply_endpoints" : "apply_routing", "files", "later",
          "ingresses", c.takenIngresses().size(), "compile_ms", Delivery.ms(compiled - t0),
          "apply_ms", Delivery.ms(System.nanoTime() - compiled), "total_ms", Delivery.ms(System.nanoTime() - t0));
      return Result.served(gen);
    }
    try {
      return writeCheckAndApply(c, served, t0, compiled);
    } catch (IOException e) {
      Log.error("write_failed", "dir", generations.root(), "error", e.getMessage());
      return Result.notDelivered();
    }
  }

  private Result writeCheckAndApply(Compilation c, Compilation served, long t0, long compiled) throws IOException {
    Path dir = generations.next();
    EmittedFiles files = applier.emit(c.ir(), c.endpoints(), options(dir));
    Generations.write(files, dir);
    long gen = Generations.number(dir);
    long written = System.nanoTime();
    ProxyCheck check = applier.check(dir);
    if (!check.ok()) {
      metrics.validationFailed();
      Log.error("validation_failed", "target", applier.name(), "generation", gen, "dir", dir,
          "output", check.output());
      return Result.refused("validation", check.output());
    }
    Optional<Path> previous = generations.currentTarget();
    Compilation previousIr = persisted;
    switchTo(dir, c);
    long switched = System.nanoTime();
    String how;
    try {
      if (served == null) {
        applier.start(dir);
        how = "started";
      } else {
        applier.applyRouting(dir);
        how = "reload";
      }
    } catch (ApplyException e) {
      if (previous.isPresent()) {
        switchTo(previous.get(), previousIr);
      }
      if (served != null) {
        metrics.reloadFailed();
      }
      Log.error("apply_failed", "target", applier.name(), "generation", gen, "error", e.getMessage(),
          "serving", previous.map(p -> p.getFileName().toString()).orElse("nothing"));
      // A running proxy refused the candidate; a proxy that is not running (it never started, e.g.
      // its port is busy, or it just died) may take the same candidate once it runs.
      return applier.running() ? Result.refused("reload", e.getMessage()) : Result.retryLater(e.getMessage());
    }
    if (served != null) {
      metrics.reloadSucceeded(System.currentTimeMillis() / 1000.0);
    }
    Log.info("applied", "target", applier.name(), "generation", gen, "how", how,
        "ingresses", c.takenIngresses().size(), "compile_ms", Delivery.ms(compiled - t0),
        "write_ms", Delivery.ms(written - compiled), "check_ms", check.took().toMillis(),
        "apply_ms", Delivery.ms(System.nanoTime() - switched), "total_ms", Delivery.ms(System.nanoTime() - t0));
    generations.prune();
    unwritten = null;
    return Result.served(gen);
  }

  private void switchTo(Path dir, Compilation c) throws IOException {
    generations.switchTo(dir);
    persisted = c;
    if (c != null) {
      applier.switched(c.ir(), c.endpoints(), options(dir));
    }
  }

  private EmitOptions options(Path dir) {
    return new EmitOptions(httpPort, httpsPort, dir, generations.runtime(), Optional.empty());
  }

  @Override
  public Optional<Duration> behind(Duration quiet) {
    if (unwritten == null) {
      return Optional.empty();
    }
    long left = quiet.toNanos() - (System.nanoTime() - lastLiveNanos);
    return Optional.of(Duration.ofNanos(Math.max(0, left)));
  }

  /**
   * Writes, checks and switches to the files of what the runtime API made the proxy serve. The
   * proxy already serves it, so nothing is applied, unless spare backends stand in for new
   * Services: then it reloads, to free them for the next burst. A check that fails (the runtime API took what
   * the proxy's own parser refuses: a bug) reloads the last good files, so the proxy and
   * {@code current} agree again.
   */
  @Override
  public Result catchUp(long t0, boolean stopping) {
    Compilation c = unwritten;
    try {
      Path dir = generations.next();
      Generations.write(applier.emit(c.ir(), c.endpoints(), options(dir)), dir);
      ProxyCheck check = applier.check(dir);
      if (!check.ok()) {
        metrics.validationFailed();
        Log.error("validation_failed", "target", applier.name(), "generation", Generations.number(dir), "dir", dir,
            "output", check.output(), "action", "reload the last good files over the runtime changes");
        unwritten = null;
        Path current = generations.currentTarget().orElseThrow();
        applier.applyRouting(current);
        return Result.refused("validation", check.output());
      }
      switchTo(dir, c);
      unwritten = null;
      // A proxy that stops with the sidecar needs no reload to free its stand-ins; one attached
      // through its pid file keeps running on these files.
      boolean reload = applier.standsIn() && (!stopping || applier.outlivesSidecar());
      if (reload) {
        // While changes pause: the new Services get their own backends, and the spares are free again.
        applier.applyRouting(dir);
        metrics.reloadSucceeded(System.currentTimeMillis() / 1000.0);
      }
      generations.prune();
      Log.info("files_written", "target", applier.name(), "generation", Generations.number(dir),
          "check_ms", check.took().toMillis(), "reloaded", reload, "total_ms", Delivery.ms(System.nanoTime() - t0));
      return Result.served(Generations.number(dir));
    } catch (IOException | ApplyException e) {
      if (e instanceof ApplyException) {
        metrics.reloadFailed();
      }
      Log.error("catch_up_failed", "target", applier.name(), "error", e.getMessage());
      return Result.notDelivered();
    }
  }

  @Override
  public Compilation persisted() {
    return persisted;
  }
}
