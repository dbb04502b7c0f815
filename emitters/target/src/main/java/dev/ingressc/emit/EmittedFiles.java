package dev.ingressc.emit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every file of one target's output, sorted by path. */
public record EmittedFiles(List<EmittedFile> files) {
  private static final Set<PosixFilePermission> KEY_MODE = PosixFilePermissions.fromString("rw-------");

  public EmittedFiles {
    files = files.stream().sorted(Comparator.comparing(EmittedFile::path)).toList();
  }

  public Optional<EmittedFile> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  /**
   * Writes every file under {@code dir}. Key files are created with mode 0600 before any byte is
   * written, so a key is never readable by others, not even for a moment.
   */
  public void writeTo(Path dir) throws IOException {
    for (EmittedFile f : files) {
      Path target = dir.resolve(f.path()).normalize();
      if (!target.startsWith(dir.normalize())) {
        throw new IOException("refusing to write outside the output directory: " + f.path());
      }
      Files.createDirectories(target.getParent());
      if (f.secret()) {
        Files.deleteIfExists(target);
        Files.createFile(target, PosixFilePermissions.asFileAttribute(KEY_MODE));
        Files.setPosixFilePermissions(target, KEY_MODE);
      }
      Files.write(target, f.content());
    }
  }
}
