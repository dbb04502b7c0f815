package dev.ingressc.sidecar;

import dev.ingressc.CompileOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@code ingressc run} was asked to do.
 *
 * @param target {@code nginx}, {@code haproxy} or {@code envoy} (served over xDS)
 * @param files manifests to watch (file mode); empty for cluster mode
 * @param workDir generations, the {@code current} link and the proxy's runtime files
 * @param metricsPort where {@code /healthz}, {@code /readyz} and {@code /metrics} answer; 0 picks a
 *     free port, empty turns the endpoint off
 * @param debounce quiet period after a change before compiling
 * @param maxDelay longest a change waits under continuous churn
 * @param proxyBinary the proxy executable; found on PATH when empty
 * @param proxyPidFile attach to this master instead of starting one
 * @param drain how long a graceful stop may take
 * @param reloadTimeout how long a reload may take before it counts as failed
 * @param cluster cluster-mode settings, when not in file mode
 * @param xdsAddress envoy: the address the xDS server binds
 * @param xdsPort envoy: the xDS server's port; 0 picks a free one
 * @param runtimeApi HAProxy: serve the changes the runtime API can make (map entries, endpoints,
 *     spare backends) without a reload; false reloads for every change
 * @param format nginx: {@code lua} for the Lua balancer, which takes endpoint changes without a
 *     reload; empty for the target's default
 */
public record SidecarConfig(
    String target,
    List<String> files,
    Path workDir,
    int httpPort,
    int httpsPort,
    String metricsAddress,
    Optional<Integer> metricsPort,
    Duration debounce,
    Duration maxDelay,
    Optional<String> proxyBinary,
    Optional<Path> proxyPidFile,
    Duration drain,
    Duration reloadTimeout,
    CompileOptions compileOptions,
    Optional<ClusterConfig> cluster,
    String xdsAddress,
    int xdsPort,
    boolean runtimeApi,
    Optional<String> format) {

  public static final int DEFAULT_XDS_PORT = 18000;

  /**
   * The default quiet period: 100 ms for nginx and HAProxy, where every pass may start new
   * workers, so bursts (kubectl apply of several objects) are worth folding into one reload; 20 ms
   * for Envoy, where a pass only pushes the changed xDS types and Envoy applies them in place.
   */
  public static Duration defaultDebounce(String target) {
    return target.equals("envoy") ? Duration.ofMillis(20) : Duration.ofMillis(100);
  }

  public SidecarConfig {
    files = List.copyOf(files);
  }

  /** File mode on {@code files}, with the defaults of {@code ingressc run}. */
  public static SidecarConfig files(String target, List<String> files, Path workDir, int httpPort, int httpsPort) {
    return new SidecarConfig(target, files, workDir, httpPort, httpsPort, "0.0.0.0", Optional.empty(),
        defaultDebounce(target), Duration.ofSeconds(1), Optional.empty(), Optional.empty(), Duration.ofSeconds(30),
        Duration.ofSeconds(10), CompileOptions.defaults(), Optional.empty(), "0.0.0.0", DEFAULT_XDS_PORT, true,
        Optional.empty());
  }

  public SidecarConfig withMetricsPort(int port) {
    return new SidecarConfig(target, files, workDir, httpPort, httpsPort, metricsAddress, Optional.of(port), debounce,
        maxDelay, proxyBinary, proxyPidFile, drain, reloadTimeout, compileOptions, cluster, xdsAddress, xdsPort, runtimeApi, format);
  }

  public SidecarConfig withDebounce(Duration quiet, Duration max) {
    return new SidecarConfig(target, files, workDir, httpPort, httpsPort, metricsAddress, metricsPort, quiet, max,
        proxyBinary, proxyPidFile, drain, reloadTimeout, compileOptions, cluster, xdsAddress, xdsPort, runtimeApi, format);
  }

  public SidecarConfig withDrain(Duration d) {
    return new SidecarConfig(target, files, workDir, httpPort, httpsPort, metricsAddress, metricsPort, debounce,
        maxDelay, proxyBinary, proxyPidFile, d, reloadTimeout, compileOptions, cluster, xdsAddress, xdsPort, runtimeApi, format);
  }

  public SidecarConfig withCompileOptions(CompileOptions o) {
    return new SidecarConfig(target, files, workDir, httpPort, httpsPort, metricsAddress, metricsPort, debounce,
        maxDelay, proxyBinary, proxyPidFile, drain, reloadTimeout, o, cluster, xdsAddress, xdsPort, runtimeApi, format);
  }

  public SidecarConfig withCluster(ClusterConfig c) {
    return new SidecarConfig(target, List.of(), workDir, httpPort, httpsPort, metricsAddress, metricsPort, debounce,
        maxDelay, proxyBinary, proxyPidFile, drain, reloadTimeout, compileOptions, Optional.of(c), xdsAddress, xdsPort, runtimeApi, format);
  }

  public SidecarConfig withProxy(Optional<String> binary, Optional<Path> pidFile) {
    return new SidecarConfig(target, files, workDir, httpPort, httpsPort, metricsAddress, metricsPort, debounce,
        maxDelay, binary, pidFile, drain, reloadTimeout, compileOptions, cluster, xdsAddress, xdsPort, runtimeApi, format);
  }

  public SidecarConfig withMetricsAddress(String address) {
    return new SidecarConfig(target, files, workDir, httpPort, httpsPort, address, metricsPort, debounce,
        maxDelay, proxyBinary, proxyPidFile, drain, reloadTimeout, compileOptions, cluster, xdsAddress, xdsPort, runtimeApi, format);
  }

  public SidecarConfig withRuntimeApi(boolean on) {
    return new SidecarConfig(target, files, workDir, httpPort, httpsPort, metricsAddress, metricsPort, debounce,
        maxDelay, proxyBinary, proxyPidFile, drain, reloadTimeout, compileOptions, cluster, xdsAddress, xdsPort, on, format);
  }

  /** The emitter's {@code --format} (nginx: {@code native} or {@code lua}). */
  public SidecarConfig withFormat(Optional<String> f) {
    return new SidecarConfig(target, files, workDir, httpPort, httpsPort, metricsAddress, metricsPort, debounce,
        maxDelay, proxyBinary, proxyPidFile, drain, reloadTimeout, compileOptions, cluster, xdsAddress, xdsPort, runtimeApi, f);
  }

  /** Envoy: where the xDS server listens. */
  public SidecarConfig withXds(String address, int port) {
    return new SidecarConfig(target, files, workDir, httpPort, httpsPort, metricsAddress, metricsPort, debounce,
        maxDelay, proxyBinary, proxyPidFile, drain, reloadTimeout, compileOptions, cluster, address, port, runtimeApi, format);
  }
}
