package dev.ingressc.testkit.proxy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the proxy binary found on PATH as a child process of the test JVM. */
public final class LocalProxyLauncher implements ProxyLauncher {
  private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/sbin");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  private final ProxyKind kind;
  private final String binary;

  public LocalProxyLauncher(ProxyKind kind, String binary) {
    this.kind = kind;
    this.binary = binary;
  }

  /** The binary on PATH, or in an sbin directory that a non-root PATH often leaves out. */
  public static Optional<String> find(String name) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.addAll(EXTRA_DIRS);
    return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name))
        .filter(Files::isExecutable).map(Path::toString).findFirst();
  }

  @Override
  public ProxyKind kind() {
    return kind;
  }

  @Override
  public String describe() {
    return "local " + binary;
  }

  @Override
  public CheckResult check(Path configDir, Path runtimeDir) {
    long start = System.nanoTime();
    try {
      // the runtime directory as working directory: whatever a proxy opens by a relative name lands
      // in the workspace, never in the build's directory (NginxUnixSocketTest listens there)
      Process p = new ProcessBuilder(kind.checkCommand(binary, configDir, runtimeDir)).directory(runtimeDir.toFile())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(kind.name() + " check did not finish in 60 s");
      }
      return new CheckResult(p.exitValue(), out, Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public RunningProxy start(Path configDir, Path runtimeDir, List<Integer> ports) {
    Path log = runtimeDir.resolve(kind.name() + ".out");
    try {
      Process p = new ProcessBuilder(kind.runCommand(binary, configDir, runtimeDir)).directory(runtimeDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      LocalProxy proxy = new LocalProxy(p, log);
      awaitPorts(proxy, p, ports);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitPorts(LocalProxy proxy, Process p, List<Integer> ports) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    for (int port : ports) {
      while (!accepts(port)) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          String out = proxy.output();
          proxy.close();
          throw new IllegalStateException(kind.name() + " did not start listening on port " + port + ": " + out);
        }
        sleep(20);
      }
    }
  }

  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private record LocalProxy(Process process, Path log) implements RunningProxy {
    @Override
    public String address() {
      return "127.0.0.1";
    }

    @Override
    public String output() {
      try {
        return Files.exists(log) ? Files.readString(log) : "";
      } catch (IOException e) {
        return "(cannot read " + log + ": " + e.getMessage() + ")";
      }
    }

    @Override
    public void close() {
      process.destroy(); // SIGTERM: nginx and haproxy stop at once
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
