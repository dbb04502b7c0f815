package dev.ingressc.testkit.e2e;

import dev.ingressc.CompileOptions;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One end-to-end case: manifests written against live echo backends, compile options, and the
 * requests to replay through the proxy and the oracle.
 */
public record E2eCase(String name, Function<CaseContext, String> manifests, UnaryOperator<CompileOptions> options,
    List<Probe> probes) {

  public static E2eCase of(String name, Function<CaseContext, String> manifests, List<Probe> probes) {
    return new E2eCase(name, manifests, o -> o, probes);
  }

  public E2eCase withOptions(UnaryOperator<CompileOptions> o) {
    return new E2eCase(name, manifests, o, probes);
  }

  @Override
  public String toString() {
    return name;
  }
}
