package dev.ingressc.emit.live;

import dev.ingressc.emit.live.support.Binaries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@code ingressc run} gives a target when it opens it. A target reads what it needs.
 *
 * @param proxyBinary the proxy executable given with {@code --proxy-binary}; else one on PATH
 * @param current the {@code current} symlink the proxy reads its files through (file targets)
 * @param runtimeDir pid files, logs and sockets (file targets)
 * @param httpPort the plain-HTTP port, polled to know the proxy listens
 * @param httpsPort the HTTPS port
 * @param proxyPidFile attach to the master this file names instead of starting one
 * @param drain how long a graceful stop may take before the proxy is killed
 * @param reloadTimeout how long a reload may take before it counts as failed
 * @param format the target's output format ({@code --format}), when given
 * @param runtimeApi whether changes may go through the proxy's runtime API ({@code --runtime-api})
 * @param xdsAddress where a push target's server binds
 * @param xdsPort its port; 0 picks a free one
 * @param log where events are reported
 * @param events what the sidecar's loop hears
 */
public record LiveSettings(Optional<String> proxyBinary, Path current, Path runtimeDir, int httpPort, int httpsPort,
    Optional<Path> proxyPidFile, Duration drain, Duration reloadTimeout, Optional<String> format, boolean runtimeApi,
    String xdsAddress, int xdsPort, LiveLog log, LiveEvents events) {

  /** The proxy executable: the one given, else {@code name} on PATH. */
  public String binary(String name) {
    return proxyBinary.or(() -> Binaries.find(name)).orElseThrow(() -> new IllegalArgumentException(
        "no " + name + " executable on PATH; give one with --proxy-binary"));
  }

  /** For a target without formats: refuses a {@code --format} (only nginx has two). */
  public void refuseFormat() {
    if (format.isPresent()) {
      throw new IllegalArgumentException("ingressc run --format is for --target nginx (native or lua)");
    }
  }
}
