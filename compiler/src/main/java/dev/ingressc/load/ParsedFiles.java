package dev.ingressc.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What each manifest file parsed to, kept between loads by a caller that loads the same paths
 * again and again (the sidecar's file watch). A file is parsed again only when its identity
 * (device and inode), size or modification time changed, so a change to one file of 10,000 costs
 * one file's parse. Files that a load no longer reaches are forgotten at its end.
 *
 * <p>The parsed objects are shared between loads: nothing downstream of the loader modifies them.
 * Not thread-safe; one loader at a time.
 */
public final class ParsedFiles {
  private record Stamp(Object fileKey, long size, FileTime modified) {}

  private record Entry(Stamp stamp, LoadResult parsed) {}

  /** Reads a file into its own result; the loader's per-file step. */
  interface FileReader {
    LoadResult read(Path file) throws IOException;
  }

  private final Map<Path, Entry> entries = new HashMap<>();
  private Set<Path> reached = new HashSet<>();
  private long parses;

  LoadResult get(Path file, FileReader reader) throws IOException {
    Path key = file.toAbsolutePath().normalize();
    reached.add(key);
    BasicFileAttributes a = Files.readAttributes(key, BasicFileAttributes.class);
    Stamp stamp = new Stamp(a.fileKey() != null ? a.fileKey() : key, a.size(), a.lastModifiedTime());
    Entry e = entries.get(key);
    if (e != null && e.stamp().equals(stamp)) {
      return e.parsed();
    }
    LoadResult parsed = reader.read(file);
    parses++;
    // A file that changed while it was read gets read again next time.
    BasicFileAttributes after = Files.readAttributes(key, BasicFileAttributes.class);
    if (after.lastModifiedTime().equals(a.lastModifiedTime()) && after.size() == a.size()) {
      entries.put(key, new Entry(stamp, parsed));
    } else {
      entries.remove(key);
    }
    return parsed;
  }

  /** Ends a load: forgets the files it did not reach. */
  void endLoad() {
    entries.keySet().retainAll(reached);
    reached = new HashSet<>();
  }

  /** How many files were parsed (not taken from the cache) so far; for tests and logs. */
  public long parses() {
    return parses;
  }

  /** How many files are held. */
  public int size() {
    return entries.size();
  }
}
