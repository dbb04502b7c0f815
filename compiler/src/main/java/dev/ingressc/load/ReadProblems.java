package dev.ingressc.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * What went wrong reading or parsing an input, in words: no Java exception names, and never a
 * line of the input itself (it may be a line of a private key).
 */
final class ReadProblems {
  private ReadProblems() {}

  /** What went wrong reading a file, without Java's exception names. */
  static String io(Exception e) {
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    if (t instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (t instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (t instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    String m = t.getMessage();
    return m == null || m.contains("java.") || m.contains("Exception") ? "input/output error" : m;
  }

  /**
   * The parser's complaint without the lines of input it quotes: SnakeYAML's message shows the
   * offending source line, which may be a line of a private key in a Secret, and keys must never
   * reach a diagnostic. Context and problem are kept, with their line and column.
   */
  static String parse(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
        StringBuilder sb = new StringBuilder();
        if (m.getContext() != null) {
          sb.append(m.getContext()).append(where(m.getContextMark()));
        }
        if (m.getProblem() != null) {
          sb.append(sb.length() > 0 ? ": " : "").append(m.getProblem()).append(where(m.getProblemMark()));
        }
        return sb.length() > 0 ? sb.toString() : "syntax error";
      }
    }
    String m = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage();
    if (m.contains("nesting depth")) {
      return "nesting is too deep (more than 1000 levels)";
    }
    int java = m.indexOf(" (from `");
    return (java > 0 ? m.substring(0, java) : m).replace("`", "");
  }

  private static String where(org.yaml.snakeyaml.error.Mark mark) {
    return mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
  }

  static String yamlLimit(org.yaml.snakeyaml.error.YAMLException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    return m.toLowerCase(Locale.ROOT).contains("nesting depth") ? "nesting is too deep" : "the input is not valid YAML";
  }
}
