package dev.ingressc.sidecar;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns bursts of change notifications into one action: it fires once no change came for the quiet
 * period, or once the maximum delay has passed since the first unhandled change, whichever is
 * first, so a steady stream of changes still gets applied.
 */
public final class Debouncer {
  private final ScheduledExecutorService scheduler;
  private final long quietNanos;
  private final long maxDelayNanos;
  private final Runnable action;
  private long firstPending = -1;
  private long lastSignal;
  private ScheduledFuture<?> scheduled;

  public Debouncer(ScheduledExecutorService scheduler, Duration quiet, Duration maxDelay, Runnable action) {
    this.scheduler = scheduler;
    this.quietNanos = quiet.toNanos();
    this.maxDelayNanos = Math.max(maxDelay.toNanos(), quiet.toNanos());
    this.action = action;
  }

  /** Something changed. */
  public synchronized void signal() {
    long now = System.nanoTime();
    lastSignal = now;
    if (firstPending < 0) {
      firstPending = now;
    }
    reschedule(now);
  }

  private void reschedule(long now) {
    long fireAt = Math.min(lastSignal + quietNanos, firstPending + maxDelayNanos);
    if (scheduled != null) {
      scheduled.cancel(false);
    }
    scheduled = scheduler.schedule(this::maybeFire, Math.max(0, fireAt - now), TimeUnit.NANOSECONDS);
  }

  private void maybeFire() {
    synchronized (this) {
      if (firstPending < 0) {
        return;
      }
      long now = System.nanoTime();
      boolean quiet = now - lastSignal >= quietNanos;
      boolean overdue = now - firstPending >= maxDelayNanos;
      if (!quiet && !overdue) {
        reschedule(now);
        return;
      }
      firstPending = -1;
      scheduled = null;
    }
    action.run();
  }
}
