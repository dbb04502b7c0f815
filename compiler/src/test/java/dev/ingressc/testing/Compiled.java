package dev.ingressc.testing;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.Compiler.Compilation;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import java.util.List;
import dev.ingressc.testkit.fixtures.Manifests;

/** One compile of YAML text, with shortcuts for routing and for diagnostics. Shared via the test-jar. */
public final class Compiled {
  public static final String FILE = "test.yaml";

  private final Compilation compilation;
  private final RouteOracle oracle;

  private Compiled(Compilation c) {
    this.compilation = c;
    this.oracle = new RouteOracle(c.ir());
  }

  public static Compiled of(String yaml) {
    return of(yaml, CompileOptions.defaults());
  }

  public static Compiled of(String yaml, CompileOptions options) {
    return new Compiled(Compiler.compileText(FILE, yaml, options));
  }

  public static Compiled docs(String... docs) {
    return of(Manifests.join(docs));
  }

  public Compilation compilation() {
    return compilation;
  }

  public IngressIR ir() {
    return compilation.ir();
  }

  public List<Diagnostic> diagnostics() {
    return compilation.diagnostics().list();
  }

  public List<Diagnostic> diagnostics(Severity s) {
    return diagnostics().stream().filter(d -> d.severity() == s).toList();
  }

  public RouteAnswer route(String host, String path) {
    return oracle.route(RouteRequest.http(host, path));
  }

  /** The endpoints of the upstream an answer names, from the compile's endpoints table. */
  public List<dev.ingressc.ir.Endpoint> endpoints(RouteAnswer a) {
    return compilation.endpoints().of(a.upstream().orElseThrow().name());
  }

  /** Any request, as built by the caller (a client address, header fields). */
  public RouteAnswer route(RouteRequest request) {
    return oracle.route(request);
  }

  public RouteAnswer routeHttps(String host, String path, String sni) {
    return oracle.route(RouteRequest.https(host, path, sni));
  }

  /**
   * Where a plain-HTTP request lands, as one word: the Service name of the chosen backend (or
   * {@code Kind/name} for a resource), or the status when no backend is chosen ({@code 404}).
   */
  public String target(String host, String path) {
    return describe(route(host, path));
  }

  public static String describe(RouteAnswer a) {
    if (a.backend().isEmpty()) {
      return Integer.toString(a.status());
    }
    BackendRef ref = a.backend().get().ref();
    if (ref instanceof BackendRef.ServicePort sp) {
      return sp.service();
    }
    BackendRef.Resource r = (BackendRef.Resource) ref;
    return r.kind() + "/" + r.name();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(compilation.ir().toString());
    diagnostics().forEach(d -> sb.append('\n').append(d.format()));
    return sb.toString();
  }
}
