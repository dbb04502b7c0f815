package dev.ingressc.sidecar.source;

import dev.ingressc.CompileCache;
import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.Compiler.Compilation;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.load.LoadResult;
import dev.ingressc.load.LoadedObject;
import dev.ingressc.load.Loader;
import dev.ingressc.load.ParsedFiles;
import dev.ingressc.sidecar.report.Log;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Manifests in files and directories, watched with the file system's notifications (inotify on
 * Linux). Every directory below a watched one is watched too, including those created later. Any
 * event triggers a recompile. The compile lists every file again and parses those whose inode,
 * size or modification time changed ({@link ParsedFiles}), so a missed event detail cannot leave
 * stale state behind, and a change to one file of thousands parses one file.
 */
public final class FileSource implements InputSource {
  private final List<String> paths;
  private final ParsedFiles parsed = new ParsedFiles();
  private final CompileCache cache = new CompileCache();
  private WatchService watcher;
  private Thread thread;

  public FileSource(List<String> paths) {
    this.paths = List.copyOf(paths);
  }

  @Override
  public void start(Runnable onChange) throws IOException {
    watcher = FileSystems.getDefault().newWatchService();
    for (String p : paths) {
      Path path = Path.of(p).toAbsolutePath();
      registerTree(Files.isDirectory(path) ? path : path.getParent());
    }
    thread = new Thread(() -> loop(onChange), "ingressc-file-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void registerTree(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path d : s.filter(Files::isDirectory).toList()) {
        d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      }
    }
  }

  private void loop(Runnable onChange) {
    while (true) {
      WatchKey key;
      try {
        key = watcher.take();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      Path dir = (Path) key.watchable();
      for (WatchEvent<?> e : key.pollEvents()) {
        if (e.kind() == StandardWatchEventKinds.ENTRY_CREATE && e.context() instanceof Path name) {
          try {
            registerTree(dir.resolve(name));
          } catch (IOException | ClosedWatchServiceException ex) {
            Log.warn("watch_register_failed", "dir", dir.resolve(name), "error", ex.getMessage());
          }
        }
      }
      key.reset();
      onChange.run();
    }
  }

  @Override
  public Snapshot compile(CompileOptions options) {
    LoadResult loaded = Loader.load(paths, parsed);
    Compilation c = Compiler.compileLoaded(loaded, options, cache);
    Map<String, Long> counts = new TreeMap<>(loaded.objects().stream()
        .collect(Collectors.groupingBy(LoadedObject::kind, Collectors.counting())));
    Optional<String> unusable = Optional.empty();
    if (loaded.unreadable()) {
      unusable = Optional.of("some input cannot be read");
    } else {
      // A file that does not parse (e.g. caught half-written) would drop its objects: wait instead.
      unusable = loaded.diagnostics().list().stream()
          .filter(d -> d.severity() == Severity.ERROR && d.object().isEmpty())
          .findFirst().map(Diagnostic::format);
    }
    return new Snapshot(c, counts, unusable);
  }

  @Override
  public String describe() {
    return "files " + String.join(",", paths);
  }

  @Override
  public void close() {
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    if (thread != null) {
      thread.interrupt();
    }
  }
}
