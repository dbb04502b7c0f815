package dev.ingressc.cli;

import dev.ingressc.diag.UserText;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

/** A plain text table with left-aligned, space-padded columns; cells are user text, escaped ({@link UserText}). */
final class Table {
  private final String indent;
  private final List<String[]> rows = new ArrayList<>();

  Table(String indent, String... header) {
    this.indent = indent;
    rows.add(header);
  }

  void row(String... cells) {
    rows.add(Arrays.stream(cells).map(UserText::escape).toArray(String[]::new));
  }

  void print(PrintWriter out) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder(indent);
      for (int i = 0; i < columns; i++) {
        sb.append(r[i]);
        if (i < columns - 1) {
          sb.append(" ".repeat(width[i] - r[i].length() + 2));
        }
      }
      out.println(sb.toString().stripTrailing());
    }
  }
}
