package dev.ingressc.sidecar.report;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sidecar's counters and gauges, rendered in the Prometheus text format. Small and
 * dependency-free: a handful of values, updated by the reconcile thread, read by the HTTP server.
 */
public final class Metrics {
  private final AtomicLong reloads = new AtomicLong();
  private final AtomicLong reloadsFailed = new AtomicLong();
  private final AtomicLong runtimeUpdates = new AtomicLong();
  private final AtomicLong validationsFailed = new AtomicLong();
  private final AtomicLong compiles = new AtomicLong();
  private final AtomicLong compilesSkipped = new AtomicLong();
  private final AtomicLong proxyRestarts = new AtomicLong();
  private final AtomicLong generation = new AtomicLong();
  private final AtomicLong xdsSnapshots = new AtomicLong();
  private final AtomicLong xdsNacks = new AtomicLong();
  private volatile double lastReloadSuccessSeconds;
  private volatile double lastCompileSeconds;
  private volatile double lastApplySeconds;
  private volatile long rejectedObjects;
  private final Map<String, Long> watched = new ConcurrentHashMap<>();

  /** A full proxy reload (nginx SIGHUP, HAProxy master reload) that the proxy took. */
  public void reloadSucceeded(double epochSeconds) {
    reloads.incrementAndGet();
    lastReloadSuccessSeconds = epochSeconds;
  }

  public void reloadFailed() {
    reloads.incrementAndGet();
    reloadsFailed.incrementAndGet();
  }

  /** An endpoint-only change applied through HAProxy's runtime API, without a reload. */
  public void runtimeUpdate(double epochSeconds) {
    runtimeUpdates.incrementAndGet();
    lastReloadSuccessSeconds = epochSeconds;
  }

  /** Envoy: a new snapshot set in the xDS cache (the counterpart of a reload). */
  public void xdsSnapshot(double epochSeconds) {
    xdsSnapshots.incrementAndGet();
    lastReloadSuccessSeconds = epochSeconds;
  }

  /** Envoy: a client refused a response (a request with error_detail). */
  public void xdsNack() {
    xdsNacks.incrementAndGet();
  }

  public long xdsSnapshots() {
    return xdsSnapshots.get();
  }

  public long xdsNacks() {
    return xdsNacks.get();
  }

  public void validationFailed() {
    validationsFailed.incrementAndGet();
  }

  public void compiled(double seconds, long rejected) {
    compiles.incrementAndGet();
    lastCompileSeconds = seconds;
    rejectedObjects = rejected;
  }

  public void unchanged() {
    compilesSkipped.incrementAndGet();
  }

  public void applied(long gen, double seconds) {
    generation.set(gen);
    lastApplySeconds = seconds;
  }

  public void proxyRestarted() {
    proxyRestarts.incrementAndGet();
  }

  public void watched(String kind, long count) {
    watched.put(kind, count);
  }

  public long reloads() {
    return reloads.get();
  }

  public long reloadsFailed() {
    return reloadsFailed.get();
  }

  public long runtimeUpdates() {
    return runtimeUpdates.get();
  }

  public long generation() {
    return generation.get();
  }

  public long validationsFailed() {
    return validationsFailed.get();
  }

  public long proxyRestarts() {
    return proxyRestarts.get();
  }

  public String render() {
    StringBuilder sb = new StringBuilder(2048);
    counter(sb, "ingressc_reloads_total", "Full proxy reloads attempted (nginx SIGHUP, HAProxy master reload).",
        reloads.get());
    counter(sb, "ingressc_reloads_failed_total", "Proxy reloads the proxy did not take.", reloadsFailed.get());
    counter(sb, "ingressc_runtime_updates_total", "Endpoint-only changes applied through the HAProxy runtime API.",
        runtimeUpdates.get());
    counter(sb, "ingressc_validations_failed_total", "Candidate configurations rejected by the proxy's check.",
        validationsFailed.get());
    counter(sb, "ingressc_xds_snapshots_total", "Envoy: snapshots published to the xDS server.", xdsSnapshots.get());
    counter(sb, "ingressc_xds_nacks_total", "Envoy: xDS responses a client refused (NACK with error_detail).",
        xdsNacks.get());
    counter(sb, "ingressc_compiles_total", "Compiles run.", compiles.get());
    counter(sb, "ingressc_compiles_unchanged_total", "Compiles whose IR equalled the served one (nothing applied).",
        compilesSkipped.get());
    counter(sb, "ingressc_proxy_restarts_total", "Times the supervised proxy died and was started again.",
        proxyRestarts.get());
    gauge(sb, "ingressc_config_generation", "The generation of the configuration the proxy serves.",
        generation.get());
    gauge(sb, "ingressc_last_reload_success_timestamp_seconds",
        "When the proxy last took a new configuration (reload, runtime update or xDS snapshot).", lastReloadSuccessSeconds);
    gauge(sb, "ingressc_compile_duration_seconds", "How long the last compile took.", lastCompileSeconds);
    gauge(sb, "ingressc_apply_duration_seconds", "How long the last write, check and apply took.", lastApplySeconds);
    gauge(sb, "ingressc_rejected_objects", "Objects the last compile rejected.", rejectedObjects);
    sb.append("# HELP ingressc_watched_objects Objects in the input, by kind.\n");
    sb.append("# TYPE ingressc_watched_objects gauge\n");
    new TreeMap<>(watched).forEach((kind, n) ->
        sb.append("ingressc_watched_objects{kind=\"").append(kind).append("\"} ").append(n).append('\n'));
    return sb.toString();
  }

  private static void counter(StringBuilder sb, String name, String help, long v) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(v).append('\n');
  }

  private static void gauge(StringBuilder sb, String name, String help, double v) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ');
    sb.append(java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString());
    sb.append('\n');
  }
}
