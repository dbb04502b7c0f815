package dev.ingressc.sidecar;

import java.time.Duration;
import java.util.function.Supplier;

/** Bounded waiting for the tests: poll until a condition holds, fail with the last observation. */
final class Eventually {
  private Eventually() {}

  /** Polls {@code observe} until {@code done} accepts its value; returns how long it took. */
  static <T> Duration await(String what, Duration timeout, Supplier<T> observe, java.util.function.Predicate<T> done) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    Object last = null;
    while (true) {
      try {
        T v = observe.get();
        if (done.test(v)) {
          return Duration.ofNanos(System.nanoTime() - start);
        }
        last = v;
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what + "; last seen: " + last);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what);
      }
    }
  }
}
