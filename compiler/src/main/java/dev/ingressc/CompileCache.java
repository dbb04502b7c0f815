package dev.ingressc;

import dev.ingressc.load.TypingCache;
import dev.ingressc.normalize.NormalizeCache;

/**
 * What a caller that compiles again and again (the sidecar) keeps between compiles so that a pass
 * where few objects changed costs little: per-object results remembered by object identity. A
 * compile with a cache gives exactly what a compile without one gives. Not thread-safe: one compile
 * at a time.
 */
public final class CompileCache {
  private final TypingCache typing = new TypingCache();
  private final NormalizeCache normalize;

  public CompileCache() {
    this(new NormalizeCache());
  }

  private CompileCache(NormalizeCache normalize) {
    this.normalize = normalize;
  }

  /** For a compile that runs once (the CLI): keeps nothing for a next compile, and so does no bookkeeping for one. */
  public static CompileCache onePass() {
    return new CompileCache(NormalizeCache.onePass());
  }

  public TypingCache typing() {
    return typing;
  }

  public NormalizeCache normalize() {
    return normalize;
  }
}
