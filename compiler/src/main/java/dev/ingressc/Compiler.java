package dev.ingressc;

import dev.ingressc.diag.Diagnostics;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.load.InputObjects;
import dev.ingressc.load.LoadResult;
import dev.ingressc.load.Loader;
import dev.ingressc.normalize.Normalizer;
import java.io.InputStream;
import java.util.List;

/** The pipeline, end to end: load → type → select and validate → normalize → IR. */
public final class Compiler {
  private Compiler() {}

  /**
   * One compile's outcome.
   *
   * @param ir the routing decision
   * @param endpoints the endpoints of its upstreams, apart from the routing
   * @param diagnostics everything found, from every stage, sorted
   * @param unreadable whether some input could not be read at all (exit code 2)
   * @param input the typed input, for commands that describe it
   * @param takenIngresses {@code namespace/name} of every Ingress that made it into the IR
   */
  public record Compilation(IngressIR ir, EndpointTable endpoints, Diagnostics diagnostics, boolean unreadable, InputObjects input,
      List<String> takenIngresses) {}

  public static Compilation compileFiles(List<String> paths, InputStream stdin, CompileOptions options) {
    return compileLoaded(Loader.load(paths, stdin), options);
  }

  public static Compilation compileText(String file, String text, CompileOptions options) {
    return compileLoaded(Loader.loadText(file, text), options);
  }

  public static Compilation compileLoaded(LoadResult loaded, CompileOptions options) {
    return compileLoaded(loaded, options, CompileCache.onePass());
  }

  /** As {@link #compileLoaded(LoadResult, CompileOptions)}, redoing only what {@code cache} does not hold. */
  public static Compilation compileLoaded(LoadResult loaded, CompileOptions options, CompileCache cache) {
    InputObjects input = InputObjects.of(loaded.objects(), cache.typing());
    Compilation c = compile(input, options, cache);
    c.diagnostics().addAll(loaded.diagnostics());
    return new Compilation(c.ir(), c.endpoints(), c.diagnostics(), loaded.unreadable(), input, c.takenIngresses());
  }

  /** Compiles objects that are already typed, e.g. from a cluster watch. */
  public static Compilation compile(InputObjects input, CompileOptions options) {
    return compile(input, options, CompileCache.onePass());
  }

  /** As {@link #compile(InputObjects, CompileOptions)}, redoing only what {@code cache} does not hold. */
  public static Compilation compile(InputObjects input, CompileOptions options, CompileCache cache) {
    Normalizer.Result r = Normalizer.normalize(input, options, cache.normalize());
    Diagnostics all = new Diagnostics();
    all.addAll(input.diagnostics());
    all.addAll(r.diagnostics());
    return new Compilation(r.ir(), r.endpoints(), all, false, input, r.takenIngresses());
  }
}
