package dev.ingressc.annotations;

import static dev.ingressc.annotations.AnnotationStatus.HARMLESS;
import static dev.ingressc.annotations.AnnotationStatus.HONOURED;
import static dev.ingressc.annotations.AnnotationStatus.NOT_SUPPORTED;

import java.util.Set;

/** The shorthand {@link AnnotationTable}'s entry classes write their keys in, one per kind of fate. */
final class AnnotationEntries {
  private AnnotationEntries() {}

  static KnownAnnotation honoured(String key, String reason) {
    return new KnownAnnotation(key, HONOURED, false, Set.of(), reason);
  }

  /** Honoured, and restricting access: the same name under another prefix fails closed. */
  static KnownAnnotation guarding(String key, String reason) {
    return new KnownAnnotation(key, HONOURED, true, Set.of(), reason);
  }

  static KnownAnnotation harmless(String key, String reason) {
    return new KnownAnnotation(key, HARMLESS, false, Set.of(), reason);
  }

  static KnownAnnotation notSupported(String key, String instead, String... inert) {
    return new KnownAnnotation(key, NOT_SUPPORTED, false, Set.of(inert), instead);
  }

  static KnownAnnotation restricting(String key, String what, String... inert) {
    return new KnownAnnotation(key, NOT_SUPPORTED, true, Set.of(inert), what);
  }
}
