package dev.ingressc.emit.live.support;

import dev.ingressc.emit.live.LiveLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A proxy master started by someone else (the proxy container of the same pod, which shares the
 * process namespace), found through its pid file. The sidecar signals it but never starts or
 * stops it: if it dies, its container restarts it and writes the pid file again.
 */
public final class AttachedProcess implements ProxyProcess {
  private final Path pidFile;
  private final LiveLog log;

  public AttachedProcess(Path pidFile, LiveLog log) {
    this.pidFile = pidFile;
    this.log = log;
  }

  @Override
  public Optional<Long> pid() {
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public void start() {
    if (pid().isEmpty()) {
      log.warn("proxy_not_found", "pid_file", pidFile, "hint", "the proxy container has not started yet");
    }
  }

  @Override
  public void stop(String signal) {
    // Not ours to stop: its container owns it (and drains it in its own preStop).
    log.info("proxy_left_running", "pid_file", pidFile, "pid", pid().map(String::valueOf).orElse("none"),
        "reason", "attached through --proxy-pid-file");
  }

  @Override
  public String output() {
    return "";
  }
}
