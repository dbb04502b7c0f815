package dev.ingressc.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/** Collects diagnostics; the sorted set makes the report independent of input order. */
public final class Diagnostics {
  private final TreeSet<Diagnostic> all = new TreeSet<>();

  public void add(Diagnostic d) {
    all.add(d);
  }

  public void addAll(Diagnostics other) {
    all.addAll(other.all);
  }

  public List<Diagnostic> list() {
    return Collections.unmodifiableList(new ArrayList<>(all));
  }

  public boolean hasErrors() {
    return all.stream().anyMatch(d -> d.severity() == Severity.ERROR);
  }

  public boolean hasWarnings() {
    return all.stream().anyMatch(d -> d.severity() == Severity.WARNING);
  }

  public long count(Severity s) {
    return all.stream().filter(d -> d.severity() == s).count();
  }
}
