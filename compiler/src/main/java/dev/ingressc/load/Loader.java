package dev.ingressc.load;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.diag.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Step 1 of the pipeline: reads YAML and JSON files (multi-document, {@code kind: List},
 * directories, stdin) into untyped objects of the kinds ingressc understands. This class finds
 * and reads the inputs; {@link Utf8Text} decodes them and {@link DocumentPass} reads each file's
 * documents.
 */
public final class Loader {
  // rebuild() keeps the plain factory's parser features (builder() alone would not); the factory
  // reads as kubectl does, and long scalars in linear time (KubeYamlFactory).
  static final LoaderOptions YAML_LIMITS = yamlLimits();
  static final YAMLFactory YAML = new KubeYamlFactory(new YAMLFactory().rebuild().loaderOptions(YAML_LIMITS));

  /**
   * The most ingressc reads from one file or stdin: far above any real cluster's dump (a 10,000
   * Ingress dump with its Services and EndpointSlices is about 40 MB), and still a String Java can
   * hold, so a runaway input is refused with a diagnostic rather than an OutOfMemoryError.
   */
  static final long MAX_INPUT_BYTES = 1_000_000_000L;

  private final List<LoadedObject> objects = new ArrayList<>();
  private final Diagnostics diagnostics = new Diagnostics();
  private final ParsedFiles cache;
  private final long maxInputBytes;
  private boolean unreadable;

  private Loader(ParsedFiles cache, long maxInputBytes) {
    this.cache = cache;
    this.maxInputBytes = maxInputBytes;
  }

  private Loader() {
    this(null, MAX_INPUT_BYTES);
  }

  /**
   * SnakeYAML's defaults, except the size of one document: its 3 MB default refuses a real
   * {@code kubectl get -o yaml} dump, which is one document. Input size is bounded by
   * {@link #MAX_INPUT_BYTES} instead, before anything is read. The other limits stay (Jackson reads
   * events and never expands aliases; Jackson's own nesting-depth limit applies as well).
   */
  private static LoaderOptions yamlLimits() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    return options;
  }

  /** Loads every path in order; {@code -} reads standard input. */
  public static LoadResult load(List<String> paths, InputStream stdin) {
    return load(paths, stdin, MAX_INPUT_BYTES);
  }

  /** As {@link #load(List, InputStream)} with another size limit; for tests. */
  static LoadResult load(List<String> paths, InputStream stdin, long maxInputBytes) {
    Loader loader = new Loader(null, maxInputBytes);
    for (String path : paths) {
      loader.loadPath(path, stdin);
    }
    return loader.result();
  }

  /**
   * Loads every path in order, as {@link #load}, parsing only the files that changed since the
   * last load through the same cache. The result is the same as a full load's.
   */
  public static LoadResult load(List<String> paths, ParsedFiles cache) {
    Loader loader = new Loader(cache, MAX_INPUT_BYTES);
    for (String path : paths) {
      loader.loadPath(path, InputStream.nullInputStream());
    }
    cache.endLoad();
    return loader.result();
  }

  /** Loads one file's text, e.g. in tests. */
  public static LoadResult loadText(String file, String text) {
    Loader loader = new Loader();
    loader.loadDocuments(file, text, file.toLowerCase(Locale.ROOT).endsWith(".json"));
    return loader.result();
  }

  private LoadResult result() {
    return new LoadResult(List.copyOf(objects), diagnostics, unreadable);
  }

  private void loadPath(String path, InputStream stdin) {
    try {
      if (path.equals("-")) {
        byte[] bytes = stdin.readNBytes((int) Math.min(maxInputBytes + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > maxInputBytes) {
          tooLarge("<stdin>", -1);
          return;
        }
        String text = Utf8Text.decode("<stdin>", bytes, diagnostics);
        if (text != null) {
          loadDocuments("<stdin>", text, text.stripLeading().startsWith("{"));
        }
        return;
      }
      Path p = Path.of(path);
      if (Files.isDirectory(p)) {
        for (Path f : manifestsUnder(p)) {
          loadFile(f);
        }
      } else if (Files.isRegularFile(p)) {
        loadFile(p);
      } else if (Files.exists(p)) {
        loadStream(p); // a device or pipe, e.g. /dev/null or <(kubectl get ...)
      } else {
        fileProblem(path, 0, "no such file or directory");
        unreadable = true;
      }
    } catch (IOException | UncheckedIOException e) {
      fileProblem(path, 0, "cannot read: " + ReadProblems.io(e));
      unreadable = true;
    }
  }

  /** A file that is not a regular file (no size to check first): read up to the limit. */
  private void loadStream(Path p) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(p)) {
      bytes = in.readNBytes((int) Math.min(maxInputBytes + 1, Integer.MAX_VALUE - 8));
    }
    if (bytes.length > maxInputBytes) {
      tooLarge(p.toString(), -1);
      return;
    }
    String text = Utf8Text.decode(p.toString(), bytes, diagnostics);
    if (text != null) {
      loadDocuments(p.toString(), text, p.getFileName() != null
          && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"));
    }
  }

  /** Manifests below a directory, recursively, in sorted order so the result never depends on the file system. */
  private static List<Path> manifestsUnder(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(f -> isManifestName(f.getFileName().toString()))
          .sorted()
          .toList();
    }
  }

  static boolean isManifestName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
  }

  private void loadFile(Path f) throws IOException {
    LoadResult one = cache == null ? parseFile(f) : cache.get(f, this::parseFile);
    objects.addAll(one.objects());
    diagnostics.addAll(one.diagnostics());
  }

  private LoadResult parseFile(Path f) throws IOException {
    Loader one = new Loader(null, maxInputBytes);
    long size = Files.size(f);
    if (size > maxInputBytes) {
      one.tooLarge(f.toString(), size);
      return one.result();
    }
    String text = Utf8Text.decode(f.toString(), Files.readAllBytes(f), one.diagnostics);
    if (text != null) {
      one.loadDocuments(f.toString(), text, f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"));
    }
    return one.result();
  }

  private void loadDocuments(String file, String text, boolean json) {
    DocumentPass pass = DocumentPass.read(new SourceText(file, text, json));
    objects.addAll(pass.objects());
    diagnostics.addAll(pass.intake().diagnostics);
    unreadable |= pass.unreadable();
  }

  /** A file over the size limit is skipped whole, as one that does not parse; the others load. */
  private void tooLarge(String file, long size) {
    fileProblem(file, 0, (size < 0 ? "the input is" : "the file is " + String.format(Locale.ROOT, "%,d", size) + " bytes,")
        + " larger than the " + String.format(Locale.ROOT, "%,d", maxInputBytes)
        + " bytes ingressc reads from one file or stdin; it is skipped (split the input into several files)");
  }

  private void fileProblem(String file, int line, String message) {
    diagnostics.add(new Diagnostic(Severity.ERROR, "", file, line, "", message));
  }
}
