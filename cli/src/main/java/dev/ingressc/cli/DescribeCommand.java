package dev.ingressc.cli;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.Compiler.Compilation;
import dev.ingressc.diag.UserText;
import dev.ingressc.ir.Backend;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.VirtualHost;
import dev.ingressc.load.Located;
import dev.ingressc.normalize.ClassRequests;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "describe", mixinStandardHelpOptions = true,
    description = "Describe Ingresses the way kubectl describe does, with resolved endpoints;"
        + " or, with --merged, the final route table of every virtual host.",
    footer = {"", "Examples:", "  ingressc describe -f examples/simple-fanout",
        "  ingressc describe -f examples/ simple-fanout-example", "  ingressc describe -f examples/ --merged"})
final class DescribeCommand implements Callable<Integer> {
  @Mixin InputOptions input;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NAME", arity = "0..*", description = "Only these Ingresses (name or namespace/name).")
  List<String> names = new ArrayList<>();

  @Option(names = "--merged", description = "Print the merged route table per virtual host, after precedence and conflicts.")
  boolean merged;

  @Option(names = "--output", defaultValue = "text", paramLabel = "FORMAT",
      description = "How diagnostics are printed on stderr: text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Override
  public Integer call() {
    Compilation c = input.compile();
    PrintWriter out = spec.commandLine().getOut();
    DiagnosticsPrinter.print(c.diagnostics(), output, spec.commandLine().getErr());
    if (merged) {
      printMerged(c.ir(), c.endpoints(), out);
    } else {
      Map<String, Backend> byOrigin = backendsByOrigin(c.ir());
      boolean first = true;
      for (Located<Ingress> ing : c.input().ingresses()) {
        String id = ing.key().namespace() + "/" + ing.key().name();
        if (!names.isEmpty() && !names.contains(ing.key().name()) && !names.contains(id)) {
          continue;
        }
        if (!first) {
          out.println();
        }
        first = false;
        new IngressDescription(ing, c.takenIngresses().contains(id), byOrigin, c.ir(), c.endpoints(), input.strict, out).print();
      }
    }
    out.flush();
    return ExitCodes.of(c, input.strict);
  }

  private static Map<String, Backend> backendsByOrigin(IngressIR ir) {
    Map<String, Backend> m = new HashMap<>();
    ir.virtualHosts().forEach(v -> v.routes().forEach(r -> m.put(key(r.origin().ingress(), r.origin().field() + ".backend"),
        r.backend())));
    ir.defaultBackend().ifPresent(b -> m.put(key(b.origin().ingress(), b.origin().field()), b));
    return m;
  }

  private static String key(String ingress, String field) {
    return ingress + "#" + field;
  }

  static String endpoints(IngressIR ir, EndpointTable table, Backend b) {
    Upstream u = ir.upstream(b.upstream()).orElseThrow();
    if (u.unavailable()) {
      return "(503: " + u.reason() + ")";
    }
    return "(" + table.of(u.name()).stream().map(Endpoint::hostPort).collect(Collectors.joining(",")) + ")";
  }

  /**
   * Prints one line of the description. Every value in it is user text (names, hosts, paths, labels,
   * annotations), so the whole line is escaped ({@link UserText}): it stays one line, and nothing in it
   * is a terminal control, bidi or zero-width character.
   */
  private static void line(PrintWriter out, String text) {
    out.println(UserText.escape(text));
  }

  private static void printMerged(IngressIR ir, EndpointTable table, PrintWriter out) {
    for (VirtualHost v : ir.virtualHosts()) {
      line(out, "Virtual host: " + (v.isCatchAll() ? "* (host-less rules)" : v.host() + " ("
          + v.match().name().toLowerCase(java.util.Locale.ROOT) + ")")
          + v.tls().map(t -> "  TLS: Secret " + t.certificateId() + (t.redirectToHttps() ? ", http redirects to https" : ""))
              .orElse(""));
      Table t = new Table("  ", "Precedence", "PathType", "Path", "Backend", "Endpoints", "Ingress");
      int i = 1;
      for (Route r : v.routes()) {
        t.row(Integer.toString(i++), r.declaredPathType(), r.path(), r.backend().ref().display(),
            endpoints(ir, table, r.backend()), r.origin().ingress());
      }
      t.print(out);
      out.println();
    }
    line(out, "Default backend: " + ir.defaultBackend()
        .map(b -> b.ref().display() + " " + endpoints(ir, table, b)
            + (b.origin().name().isEmpty() ? " (--default-backend)" : " (Ingress " + b.origin().ingress() + ")"))
        .orElse("<none>: unmatched requests get 404"));
  }

  /** One Ingress in the shape of {@code kubectl describe ingress}. */
  private record IngressDescription(Located<Ingress> ing, boolean taken, Map<String, Backend> byOrigin, IngressIR ir, EndpointTable table,
      boolean strict, PrintWriter out) {

    void print() {
      Ingress i = ing.value();
      String id = ing.key().namespace() + "/" + ing.key().name();
      field("Name:", ing.key().name());
      field("Labels:", mapText(i.getMetadata().getLabels()));
      field("Namespace:", ing.key().namespace());
      field("Address:", address(i));
      String cls = ClassRequests.requestedClass(i);
      field("Ingress Class:", cls.isEmpty() ? "<none>" : cls);
      field("Compiled:", taken ? "yes" : "no (not ours, or rejected: see diagnostics)");
      IngressBackend db = i.getSpec() == null ? null : i.getSpec().getDefaultBackend();
      field("Default backend:", db == null ? "<default>" : backendText(db, "spec.defaultBackend", id));
      if (i.getSpec() != null && i.getSpec().getTls() != null && !i.getSpec().getTls().isEmpty()) {
        out.println("TLS:");
        i.getSpec().getTls().forEach(t -> line(out, "  " + t.getSecretName() + " terminates "
            + (t.getHosts() == null ? "" : String.join(",", t.getHosts()))));
      }
      out.println("Rules:");
      Table t = new Table("  ", "Host", "Path", "Backends");
      t.row("----", "----", "--------");
      List<IngressRule> rules = i.getSpec() == null || i.getSpec().getRules() == null ? List.of() : i.getSpec().getRules();
      if (rules.isEmpty()) {
        t.row("*", "*", db == null ? "<default>" : backendText(db, "spec.defaultBackend", id));
      }
      for (int r = 0; r < rules.size(); r++) {
        IngressRule rule = rules.get(r);
        t.row(rule.getHost() == null || rule.getHost().isEmpty() ? "*" : rule.getHost(), "", "");
        List<HTTPIngressPath> paths = rule.getHttp() == null || rule.getHttp().getPaths() == null
            ? List.of() : rule.getHttp().getPaths();
        for (int p = 0; p < paths.size(); p++) {
          HTTPIngressPath path = paths.get(p);
          t.row("", String.valueOf(path.getPath()) + " (" + path.getPathType() + ")",
              path.getBackend() == null ? "<none>"
                  : backendText(path.getBackend(), "spec.rules[" + r + "].http.paths[" + p + "].backend", id));
        }
      }
      t.print(out);
      annotations();
      field("Events:", "<none>");
    }

    private String backendText(IngressBackend b, String field, String id) {
      String named = b.getService() != null
          ? b.getService().getName() + ":" + (b.getService().getPort() == null ? "?"
              : b.getService().getPort().getName() != null ? b.getService().getPort().getName()
              : String.valueOf(b.getService().getPort().getNumber()))
          : b.getResource() != null ? b.getResource().getKind() + "/" + b.getResource().getName() : "<none>";
      if (!taken) {
        return named;
      }
      Backend resolved = byOrigin.get(key(id, field));
      return named + " " + (resolved == null ? "(not used: see diagnostics)" : endpoints(ir, table, resolved));
    }

    /** A label and its value; each further value goes on its own line under the first. */
    private void field(String label, String value, String... more) {
      line(out, String.format("%-18s%s", label, value));
      for (String m : more) {
        line(out, " ".repeat(18) + m);
      }
    }

    private static String address(Ingress i) {
      if (i.getStatus() == null || i.getStatus().getLoadBalancer() == null
          || i.getStatus().getLoadBalancer().getIngress() == null) {
        return "";
      }
      return i.getStatus().getLoadBalancer().getIngress().stream()
          .map(l -> l.getIp() != null ? l.getIp() : String.valueOf(l.getHostname()))
          .collect(Collectors.joining(","));
    }

    /** Each annotation with what became of it, from the compiler's one annotation table. */
    private void annotations() {
      List<AnnotationAccounting.Outcome> outcomes = AnnotationAccounting.account(ing, strict);
      if (outcomes.isEmpty()) {
        field("Annotations:", "<none>");
        return;
      }
      out.println("Annotations:");
      Map<String, String> values = ing.value().getMetadata().getAnnotations();
      for (AnnotationAccounting.Outcome o : outcomes) {
        line(out, "  " + o.key() + ": " + oneLine(values.get(o.key())));
        line(out, "    -> " + o.verdict().label() + ": " + o.explanation());
      }
    }

    /** A value on one line (line breaks escaped by {@link #line}), cut at 80 characters: snippets run long. */
    private static String oneLine(String v) {
      String s = v == null ? "" : v.strip();
      return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private void field(String label, List<String> values) {
      field(label, values.get(0), values.subList(1, values.size()).toArray(String[]::new));
    }

    private static List<String> mapText(Map<String, String> m) {
      if (m == null || m.isEmpty()) {
        return List.of("<none>");
      }
      return new TreeMap<>(m).entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    }
  }
}
