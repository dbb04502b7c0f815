package dev.ingressc.testkit.proxy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Runs the proxy's image with Testcontainers when the binary is not installed. The container
 * shares the host's network, so it reaches the echo backends on loopback and the tests reach its
 * ports there; the output and runtime directories are mounted at the same paths.
 */
public final class ContainerProxyLauncher implements ProxyLauncher {
  private final ProxyKind kind;

  public ContainerProxyLauncher(ProxyKind kind) {
    this.kind = kind;
  }

  /** Whether a Docker engine answers; false on any failure to reach one. */
  public static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @Override
  public ProxyKind kind() {
    return kind;
  }

  @Override
  public String describe() {
    return "container " + kind.image();
  }

  private GenericContainer<?> container(Path configDir, Path runtimeDir, List<String> command) {
    GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(kind.image()));
    c.withNetworkMode("host")
        .withFileSystemBind(configDir.toString(), configDir.toString(), BindMode.READ_ONLY)
        .withFileSystemBind(runtimeDir.toString(), runtimeDir.toString(), BindMode.READ_WRITE)
        .withCommand(command.toArray(String[]::new));
    return c;
  }

  @Override
  public CheckResult check(Path configDir, Path runtimeDir) {
    long start = System.nanoTime();
    try (GenericContainer<?> c = container(configDir, runtimeDir, kind.checkCommand(kind.binary(), configDir, runtimeDir))
        .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
      try {
        c.start();
        return new CheckResult(0, c.getLogs(), Duration.ofNanos(System.nanoTime() - start));
      } catch (RuntimeException e) {
        return new CheckResult(1, c.getLogs() + "\n" + e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
      }
    }
  }

  @Override
  public RunningProxy start(Path configDir, Path runtimeDir, List<Integer> ports) {
    GenericContainer<?> c = container(configDir, runtimeDir, kind.runCommand(kind.binary(), configDir, runtimeDir));
    c.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (int port : ports) {
      while (!LocalProxyLauncher.accepts(port)) {
        if (!c.isRunning() || System.nanoTime() > deadline) {
          String logs = c.getLogs();
          c.stop();
          throw new IllegalStateException(kind.name() + " container did not listen on port " + port + ": " + logs);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    return new RunningProxy() {
      @Override
      public String address() {
        return "127.0.0.1";
      }

      @Override
      public String output() {
        return c.getLogs();
      }

      @Override
      public void close() {
        c.stop();
      }
    };
  }
}
