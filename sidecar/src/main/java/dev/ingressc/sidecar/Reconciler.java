package dev.ingressc.sidecar;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler.Compilation;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.Emitter;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.sidecar.apply.Applier;
import dev.ingressc.sidecar.apply.ApplyException;
import dev.ingressc.sidecar.apply.ProxyCheck;
import dev.ingressc.sidecar.report.Log;
import dev.ingressc.sidecar.report.Metrics;
import dev.ingressc.sidecar.source.InputSource;
import dev.ingressc.sidecar.source.Snapshot;
import dev.ingressc.sidecar.xds.XdsPublisher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The loop, one pass at a time on its own thread: compile the source; skip when the IR equals the
 * one served; write the candidate to a new generation directory; check it with the proxy; point
 * {@code current} at it; apply it (start, reload or runtime API). A candidate that fails the check
 * is never switched to; one the proxy refuses is switched back. Either way the proxy keeps serving
 * the last good configuration, and the failure is logged, counted and passed to the listener.
 */
public final class Reconciler implements AutoCloseable {
  private static final Duration START_RETRY = Duration.ofSeconds(2);
  private final InputSource source;
  private final CompileOptions compileOptions;
  private final Emitter emitter;
  private final Applier applier;
  private final Generations generations;
  private final int httpPort;
  private final int httpsPort;
  private final Metrics metrics;
  private final ReconcileListener listener;
  /** Envoy: the xDS publisher instead of emitter, applier and generation directories. */
  private final XdsPublisher xds;
  private long xdsGeneration;
  private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "ingressc-reconcile");
    t.setDaemon(true);
    return t;
  });
  private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ingressc-retry");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean pending = new AtomicBoolean();
  private final Set<Diagnostic> reported = new HashSet<>();
  private volatile boolean started;
  private IngressIR served;
  private IngressIR failed;

  public Reconciler(InputSource source, CompileOptions compileOptions, Emitter emitter, Applier applier,
      Generations generations, int httpPort, int httpsPort, Metrics metrics, ReconcileListener listener) {
    this.source = source;
    this.compileOptions = compileOptions;
    this.emitter = emitter;
    this.applier = applier;
    this.generations = generations;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
    this.metrics = metrics;
    this.listener = listener;
    this.xds = null;
  }

  /**
   * Envoy over xDS: each pass translates the IR and publishes a snapshot; nothing is written to
   * disk and no process is supervised (Envoy connects to the xDS server).
   */
  public Reconciler(InputSource source, CompileOptions compileOptions, XdsPublisher xds, Metrics metrics,
      ReconcileListener listener) {
    this.source = source;
    this.compileOptions = compileOptions;
    this.emitter = null;
    this.applier = null;
    this.generations = null;
    this.httpPort = 0;
    this.httpsPort = 0;
    this.metrics = metrics;
    this.listener = listener;
    this.xds = xds;
  }

  /** Asks for a pass; requests that arrive while one is queued are folded into it. */
  public void request() {
    if (pending.compareAndSet(false, true)) {
      loop.execute(() -> {
        pending.set(false);
        try {
          reconcile();
        } catch (RuntimeException e) {
          Log.error("reconcile_failed", "error", String.valueOf(e));
        }
      });
    }
  }

  /** The proxy was restarted from {@code current}: retry what it refused before. */
  public void proxyRestarted() {
    loop.execute(() -> failed = null);
    request();
  }

  /** Whether the proxy has served a configuration. */
  public boolean ready() {
    return started;
  }

  private void reconcile() {
    long t0 = System.nanoTime();
    Snapshot snap = source.compile(compileOptions);
    Compilation c = snap.compilation();
    long rejected = c.diagnostics().list().stream().filter(d -> d.severity() == Severity.ERROR)
        .map(Diagnostic::object).distinct().count();
    metrics.compiled((System.nanoTime() - t0) / 1e9, rejected);
    snap.counts().forEach(metrics::watched);
    logNewDiagnostics(c);
    if (snap.unusable().isPresent()) {
      Log.warn("input_unusable", "reason", snap.unusable().get(), "action", "keep serving the last configuration");
      return;
    }
    listener.compiled(c);
    IngressIR ir = c.ir();
    if (started && ir.equals(served)) {
      metrics.unchanged();
      listener.served(c, metrics.generation());
      return;
    }
    if (ir.equals(failed)) {
      return; // already refused; a change to the input or a proxy restart retries it
    }
    if (xds != null) {
      publish(c, t0, System.nanoTime());
      return;
    }
    try {
      apply(c, t0, System.nanoTime());
    } catch (IOException e) {
      Log.error("write_failed", "dir", generations.root(), "error", e.getMessage());
    }
  }

  private void apply(Compilation c, long t0, long compiled) throws IOException {
    IngressIR ir = c.ir();
    Path dir = generations.next();
    long gen = Generations.number(dir);
    EmittedFiles files = emitter.emit(ir, new EmitOptions(httpPort, httpsPort, dir, generations.runtime(),
        Optional.empty()));
    Generations.write(files, dir);
    long written = System.nanoTime();
    ProxyCheck check = applier.validate(dir);
    if (!check.ok()) {
      metrics.validationFailed();
      failed = ir;
      Log.error("validation_failed", "target", applier.target(), "generation", gen, "dir", dir,
          "output", check.output());
      listener.failed("validation", check.output(), c);
      return;
    }
    Optional<Path> previous = generations.currentTarget();
    generations.switchTo(dir);
    long switched = System.nanoTime();
    String how;
    try {
      if (!started) {
        applier.start(dir);
        how = "started";
      } else {
        how = applier.apply(served, ir, dir) == Applier.Applied.RUNTIME_UPDATED ? "runtime_api" : "reload";
      }
    } catch (ApplyException e) {
      if (previous.isPresent()) {
        generations.switchTo(previous.get());
      }
      if (started) {
        metrics.reloadFailed();
      }
      if (applier.running()) {
        failed = ir;
      } else if (!started) {
        retry.schedule(this::request, START_RETRY.toMillis(), TimeUnit.MILLISECONDS); // e.g. the port is busy
      }
      Log.error("apply_failed", "target", applier.target(), "generation", gen, "error", e.getMessage(),
          "serving", previous.map(p -> p.getFileName().toString()).orElse("nothing"));
      listener.failed("reload", e.getMessage(), c);
      return;
    }
    double now = System.currentTimeMillis() / 1000.0;
    switch (how) {
      case "reload" -> metrics.reloadSucceeded(now);
      case "runtime_api" -> metrics.runtimeUpdate(now);
      default -> { }
    }
    started = true;
    served = ir;
    failed = null;
    double took = (System.nanoTime() - t0) / 1e9;
    metrics.applied(gen, took);
    Log.info("applied", "target", applier.target(), "generation", gen, "how", how,
        "ingresses", c.takenIngresses().size(), "compile_ms", ms(compiled - t0), "write_ms", ms(written - compiled),
        "check_ms", check.took().toMillis(), "apply_ms", ms(System.nanoTime() - switched),
        "total_ms", Math.round(took * 1000));
    generations.prune();
    listener.served(c, gen);
  }

  /** Envoy: translate, check every resource, set the snapshot; a refused set leaves the last one served. */
  private void publish(Compilation c, long t0, long compiled) {
    IngressIR ir = c.ir();
    XdsPublisher.Published p = xds.publish(ir);
    long gen = xdsGeneration + 1;
    if (!p.ok()) {
      metrics.validationFailed();
      failed = ir;
      Log.error("validation_failed", "target", "envoy", "generation", gen, "output", p.problem(),
          "serving", started ? "versions " + p.versions() : "nothing");
      listener.failed("validation", p.problem(), c);
      return;
    }
    xdsGeneration = gen;
    metrics.xdsSnapshot(System.currentTimeMillis() / 1000.0);
    started = true;
    served = ir;
    failed = null;
    double took = (System.nanoTime() - t0) / 1e9;
    metrics.applied(gen, took);
    Log.info("applied", "target", "envoy", "generation", gen, "how", "xds_snapshot",
        "changed", p.changed().isEmpty() ? "none" : String.join(",", p.changed()), "versions", p.versions(),
        "ingresses", c.takenIngresses().size(), "compile_ms", ms(compiled - t0),
        "publish_ms", ms(System.nanoTime() - compiled), "total_ms", Math.round(took * 1000));
    listener.served(c, gen);
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private void logNewDiagnostics(Compilation c) {
    Set<Diagnostic> now = new HashSet<>(c.diagnostics().list());
    for (Diagnostic d : c.diagnostics().list()) {
      if (d.severity() != Severity.NOTE && reported.add(d)) {
        Log.warn("diagnostic", "severity", d.severity().label(), "object", d.object(), "field", d.field(),
            "message", d.message());
      }
    }
    reported.retainAll(now);
  }

  @Override
  public void close() {
    retry.shutdownNow();
    loop.shutdown();
    try {
      if (!loop.awaitTermination(30, TimeUnit.SECONDS)) {
        loop.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      loop.shutdownNow();
    }
  }
}
