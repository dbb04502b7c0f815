package dev.ingressc.annotations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/annotations.md is the table printed: the test fails when they differ.
 * {@code -Dannotations.update=true} rewrites the page from the table; review it before committing.
 */
class AnnotationReferenceTest {
  private static final Path PAGE = Path.of(System.getProperty("ingressc.repo.root", ".."), "docs", "annotations.md");

  @Test
  void thePageIsTheTable() throws IOException {
    String generated = AnnotationReference.markdown();
    if (Boolean.getBoolean("annotations.update")) {
      Files.createDirectories(PAGE.getParent());
      Files.writeString(PAGE, generated);
    }
    assertThat(PAGE).as("docs/annotations.md; regenerate with -Dannotations.update=true").exists();
    assertThat(Files.readString(PAGE)).as("docs/annotations.md differs from AnnotationTable; regenerate with"
        + " -Dannotations.update=true and review").isEqualTo(generated);
  }

  @Test
  void everyKeyAndPrefixIsOnThePage() throws IOException {
    String page = AnnotationReference.markdown();
    AnnotationTable.known().forEach(a -> assertThat(page).contains("| `" + a.key() + "` |"));
    AnnotationTable.families().forEach(f -> assertThat(page).contains("| `" + f.prefix() + "` |"));
  }
}
