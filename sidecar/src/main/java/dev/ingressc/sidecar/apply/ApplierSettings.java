package dev.ingressc.sidecar.apply;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What every applier needs.
 *
 * @param binary the proxy executable (also used for the check)
 * @param current the {@code current} symlink the proxy reads its configuration through
 * @param runtimeDir pid files, logs and sockets
 * @param httpPort the plain-HTTP port, polled to know the proxy listens
 * @param proxyPidFile attach to the master this file names instead of starting one
 * @param drain how long a graceful stop may take before the proxy is killed
 * @param reloadTimeout how long a reload may take before it counts as failed
 * @param onRestart called after a supervised proxy died and was started again
 */
public record ApplierSettings(String binary, Path current, Path runtimeDir, int httpPort, Optional<Path> proxyPidFile,
    Duration drain, Duration reloadTimeout, Runnable onRestart) {}
