package dev.ingressc.load;

import dev.ingressc.diag.Diagnostic;

/**
 * Typed input objects kept between compiles of a caller that compiles again and again (the
 * sidecar): an object seen last pass, i.e. the same {@link LoadedObject} or informer instance, is
 * not typed again, and keeps its {@link Located}, so later stages can recognise it by identity too.
 * Typing depends on the object alone, so a kept result is the one typing would give now.
 */
public final class TypingCache {
  /** What typing one object gave: the typed object, or the diagnostic that rejects it. */
  record Typed(Located<?> located, Diagnostic problem, java.util.List<Diagnostic> warnings) {
    Typed(Located<?> located, Diagnostic problem) {
      this(located, problem, java.util.List.of());
    }
  }

  final IdentityMemo<Object, Typed> memo = new IdentityMemo<>();

  /** How many objects were typed (not taken from the cache) so far; for tests. */
  public long typed() {
    return memo.computed();
  }
}
