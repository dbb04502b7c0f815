package dev.ingressc.annotations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The page printed from the table names every key and prefix. That docs/annotations.md is this page,
 * with each target's column as its emitter says, is the cli module's AnnotationPageTest (the
 * compiler does not know the emitters).
 */
class AnnotationReferenceTest {
  @Test
  void everyKeyAndPrefixIsOnThePage() {
    String page = AnnotationReference.markdown();
    AnnotationTable.known().forEach(a -> assertThat(page).contains("| `" + a.key() + "` |"));
    AnnotationTable.families().forEach(f -> assertThat(page).contains("| `" + f.prefix() + "` |"));
  }
}
