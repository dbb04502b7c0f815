package dev.ingressc.testkit.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
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

  /** A TCP port that was free a moment ago. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
