package dev.ingressc.emit;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares emitted files with a directory (golden files, or what CI last approved) and explains
 * every difference as a unified diff. Key files are compared but their content is never shown.
 */
public final class OutputDiff {
  private OutputDiff() {}

  /** Unified diffs, one per differing file, in path order; empty when the directory matches exactly. */
  public static List<String> compare(EmittedFiles emitted, Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    Set<String> expectedPaths = new TreeSet<>();
    for (EmittedFile f : emitted.files()) {
      expectedPaths.add(f.path());
      Path existing = dir.resolve(f.path());
      byte[] old = Files.isRegularFile(existing) ? Files.readAllBytes(existing) : null;
      if (old != null && Arrays.equals(old, f.content())) {
        continue;
      }
      if (f.secret()) {
        out.add((old == null ? "missing: " : "differs: ") + f.path() + " (a private key: content not shown)\n");
      } else {
        out.add(diff(f.path(), old == null ? List.of() : lines(old), lines(f.content()), old == null));
      }
    }
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
          String rel = dir.relativize(p).toString().replace('\\', '/');
          if (!expectedPaths.contains(rel)) {
            out.add("extra: " + rel + " is in " + dir + " but is no longer emitted\n");
          }
        }
      }
    }
    return out;
  }

  private static List<String> lines(byte[] content) {
    return Arrays.asList(new String(content, StandardCharsets.UTF_8).split("\n", -1));
  }

  private static String diff(String path, List<String> old, List<String> now, boolean missing) {
    Patch<String> patch = DiffUtils.diff(old, now);
    List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(
        missing ? "/dev/null" : "a/" + path, "b/" + path, old, patch, 3);
    return String.join("\n", unified) + "\n";
  }
}
