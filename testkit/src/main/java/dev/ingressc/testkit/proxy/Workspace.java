package dev.ingressc.testkit.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An output directory and a runtime directory for one proxy run, under /tmp and world-traversable:
 * nginx started as root runs its workers as nobody, and they write temp files in the runtime
 * directory. Key files keep their own 0600.
 */
public record Workspace(Path root, Path output, Path runtime) implements AutoCloseable {

  public static Workspace create(String name) {
    try {
      Path root = Files.createTempDirectory("ingressc-" + name.replaceAll("[^A-Za-z0-9-]", "_") + "-");
      Path out = Files.createDirectories(root.resolve("out"));
      Path run = Files.createDirectories(root.resolve("run"));
      for (Path p : new Path[] {root, out, run}) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      return new Workspace(root, out, run);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /** A TCP port that was free a moment ago, and not handed out before in this JVM. */
  public static int freePort() {
    // The kernel may give a just-closed port again, so two calls for one proxy's http and https
    // ports could return the same one; a port is handed out once per JVM.
    while (true) {
      try (ServerSocket s = new ServerSocket(0)) {
        if (HANDED_OUT.add(s.getLocalPort())) {
          return s.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void close() {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a leftover temp directory is harmless
    }
  }
}
