package dev.ingressc.sidecar;

import dev.ingressc.emit.EmittedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The work directory: every candidate configuration in its own new directory
 * {@code generations/NNNNNNNN/}, and {@code current}, a relative symlink to the one being served.
 * The proxy is always started with {@code current/...}, so switching is one rename of a new
 * symlink over the old: a reader sees the old or the new directory, never a mix.
 *
 * <p>Directories are world-traversable because nginx started as root reads certificates as root
 * but runs its workers as an unprivileged user in the runtime directory; key files stay 0600.
 */
public final class Generations {
  static final String CURRENT = "current";
  private static final int KEEP = 4;

  private final Path root;
  private final Path generations;
  private final Path runtime;
  private long last;

  public Generations(Path workDir) throws IOException {
    this.root = workDir.toAbsolutePath().normalize();
    this.generations = root.resolve("generations");
    this.runtime = root.resolve("runtime");
    for (Path p : List.of(root, generations, runtime)) {
      Files.createDirectories(p);
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    try (Stream<Path> s = Files.list(generations)) {
      last = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{8}")).mapToLong(Long::parseLong)
          .max().orElse(0);
    }
  }

  public Path root() {
    return root;
  }

  /** Pid files, logs, sockets and temp files of the proxy. */
  public Path runtime() {
    return runtime;
  }

  /** The symlink the proxy reads its configuration through. */
  public Path current() {
    return root.resolve(CURRENT);
  }

  /** The generation directory {@code current} points at, if any. */
  public Optional<Path> currentTarget() throws IOException {
    Path c = current();
    if (!Files.isSymbolicLink(c)) {
      return Optional.empty();
    }
    return Optional.of(c.resolveSibling(Files.readSymbolicLink(c)).normalize());
  }

  /** A fresh, empty directory for the next candidate; its number is the generation. */
  public Path next() throws IOException {
    last++;
    Path dir = generations.resolve(String.format("%08d", last));
    Files.createDirectory(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  /** A generation number for a change served without files (they come in a later generation). */
  public long reserve() {
    return ++last;
  }

  public static long number(Path generationDir) {
    return Long.parseLong(generationDir.getFileName().toString());
  }

  /** Writes the files into {@code dir}; directories they create are world-traversable too. */
  public static void write(EmittedFiles files, Path dir) throws IOException {
    files.writeTo(dir);
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path d : s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  /** Points {@code current} at {@code dir} with one atomic rename. */
  public void switchTo(Path dir) throws IOException {
    Path tmp = root.resolve(".current.tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, root.relativize(dir));
    Files.move(tmp, current(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Removes old generations, keeping the newest few and whatever {@code current} points at. */
  public void prune() throws IOException {
    Optional<Path> served = currentTarget();
    List<Path> all;
    try (Stream<Path> s = Files.list(generations)) {
      all = s.filter(p -> p.getFileName().toString().matches("\\d{8}")).sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all.subList(Math.min(KEEP, all.size()), all.size())) {
      if (served.map(p::equals).orElse(false)) {
        continue;
      }
      delete(p);
    }
  }

  /** Removes a candidate that was never served. */
  public static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
