package dev.ingressc.sidecar;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler.Compilation;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.emit.live.FileTarget;
import dev.ingressc.emit.live.PushTarget;
import dev.ingressc.sidecar.report.Log;
import dev.ingressc.sidecar.report.Metrics;
import dev.ingressc.sidecar.source.InputSource;
import dev.ingressc.sidecar.source.Snapshot;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
  /** How long changes must pause before the files of runtime-API changes are written. */
  static final Duration CATCH_UP_QUIET = Duration.ofSeconds(1);
  private final InputSource source;
  private final CompileOptions compileOptions;
  private final Delivery delivery;
  private final Metrics metrics;
  private final ReconcileListener listener;
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
  /** The routing and endpoints served, and the last refused; compared by routing, then endpoints. */
  private Compilation served;
  private Compilation failed;
  /** The latest compilation delivered (or found unchanged) whose serving the proxy has not confirmed yet. */
  private Compilation unconfirmed;
  private long unconfirmedGeneration;

  /** nginx and HAProxy: files checked by the proxy, then started, reloaded or updated at run time. */
  public Reconciler(InputSource source, CompileOptions compileOptions, FileTarget target,
      Generations generations, int httpPort, int httpsPort, Metrics metrics, ReconcileListener listener) {
    this(source, compileOptions, new FileDelivery(target, generations, httpPort, httpsPort, metrics),
        metrics, listener);
  }

  /**
   * A push target (Envoy over xDS): each pass publishes a checked snapshot; the listener hears it is
   * served once a node has ACKed it (see {@link #deliveryConfirmed}).
   */
  public Reconciler(InputSource source, CompileOptions compileOptions, PushTarget target, Metrics metrics,
      ReconcileListener listener) {
    this(source, compileOptions, new PushDelivery(target, metrics), metrics, listener);
  }

  private Reconciler(InputSource source, CompileOptions compileOptions, Delivery delivery, Metrics metrics,
      ReconcileListener listener) {
    this.source = source;
    this.compileOptions = compileOptions;
    this.delivery = delivery;
    this.metrics = metrics;
    this.listener = listener;
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

  /**
   * The proxy was restarted from {@code current}: retry what it refused before, and deliver again
   * what it served without files, which the restart lost.
   */
  public void proxyRestarted() {
    loop.execute(() -> {
      failed = null;
      if (delivery.behind(Duration.ZERO).isPresent()) {
        served = delivery.persisted();
      }
    });
    request();
  }

  /**
   * The proxy may now serve what was last delivered (Envoy: a node ACKed the snapshot): the
   * listener hears it on the loop's thread, if the delivery confirms it there.
   */
  public void deliveryConfirmed() {
    try {
      loop.execute(() -> {
        try {
          tellServedIfConfirmed();
        } catch (RuntimeException e) {
          Log.error("reconcile_failed", "error", String.valueOf(e));
        }
      });
    } catch (RejectedExecutionException e) {
      // closing: nothing more is reported
    }
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
    if (started && Delivery.same(c, served)) {
      if (catchUpRefused(c, t0)) {
        return;
      }
      metrics.unchanged();
      served(c, metrics.generation());
      return;
    }
    if (Delivery.same(c, failed)) {
      catchUpRefused(c, t0); // what is served still gets its files
      return; // already refused; a change to the input or a proxy restart retries it
    }
    Delivery.Result r = delivery.deliver(c, started ? served : null, t0, System.nanoTime());
    switch (r.status()) {
      case SERVED -> {
        started = true;
        served = c;
        failed = null;
        metrics.applied(r.generation(), (System.nanoTime() - t0) / 1e9);
        served(c, r.generation());
      }
      case REFUSED -> {
        failed = c;
        listener.failed(r.stage(), r.problem(), c);
      }
      case RETRY_LATER -> {
        retry.schedule(this::request, START_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        listener.failed(r.stage(), r.problem(), c);
      }
      case NOT_DELIVERED -> { }
    }
    delivery.behind(CATCH_UP_QUIET).ifPresent(this::requestIn);
  }

  /**
   * When changes were served through a runtime API and have paused for {@link #CATCH_UP_QUIET},
   * writes their files; until then asks for a pass when the pause would be long enough. True when
   * the proxy's check refused those files (the last good ones are served again instead).
   */
  private boolean catchUpRefused(Compilation c, long t0) {
    Optional<Duration> wait = delivery.behind(CATCH_UP_QUIET);
    if (wait.isEmpty()) {
      return false;
    }
    if (!wait.get().isZero()) {
      requestIn(wait.get());
      return false;
    }
    Delivery.Result r = delivery.catchUp(t0, false);
    if (r.status() == Delivery.Status.NOT_DELIVERED) {
      delivery.behind(CATCH_UP_QUIET).ifPresent(this::requestIn); // e.g. a full disk: try again later
    }
    if (r.status() != Delivery.Status.REFUSED) {
      return false;
    }
    failed = served;
    served = delivery.persisted();
    listener.failed(r.stage(), r.problem(), c);
    return true;
  }

  private void requestIn(Duration wait) {
    try {
      retry.schedule(this::request, wait.toMillis() + 1, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  /** The listener hears that {@code c} is served once the delivery confirms it: now, or from {@link #deliveryConfirmed}. */
  private void served(Compilation c, long generation) {
    unconfirmed = c;
    unconfirmedGeneration = generation;
    tellServedIfConfirmed();
  }

  private void tellServedIfConfirmed() {
    if (unconfirmed != null && delivery.confirmed()) {
      Compilation c = unconfirmed;
      unconfirmed = null;
      listener.served(c, unconfirmedGeneration);
    }
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
    // Changes served without files get their files now: an attached proxy outlives the sidecar.
    try {
      loop.execute(() -> {
        if (delivery.behind(Duration.ZERO).isPresent()) {
          delivery.catchUp(System.nanoTime(), true);
        }
      });
    } catch (RejectedExecutionException e) {
      // already closing
    }
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
