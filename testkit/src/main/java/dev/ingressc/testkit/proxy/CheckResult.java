package dev.ingressc.testkit.proxy;

import java.time.Duration;

/** The outcome of a proxy's configuration check ({@code nginx -t}). */
public record CheckResult(int exitCode, String output, Duration took) {
  public boolean ok() {
    return exitCode == 0;
  }
}
