package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Origin;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.load.Located;
import dev.ingressc.validate.IngressValidator;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Normalizer reads from one Ingress alone, kept per Ingress instance by
 * {@link NormalizeCache}: the class it asks for, its validation findings, its age, and each path
 * rule with its conflict key and field names. Nothing here depends on other objects, so it holds
 * while the Ingress does (and {@code --strict}, which makes unhonoured annotations errors). It is read for every Ingress, ours or not (the validator copes with any
 * input); its findings are reported only for the Ingresses we take.
 *
 * @param id {@code namespace/name}
 * @param request the class it asks for
 * @param diagnostics the validator's findings, and the rejection when one is an error
 * @param rejected whether the Ingress is rejected whole
 * @param created its creationTimestamp; unset or unreadable ones count as the newest
 * @param paths its path rules in rule and path order; empty when rejected
 * @param protocol how the proxy speaks to the Services it names ({@link BackendProtocols})
 */
record CheckedIngress(String id, ClassSelector.Request request, List<Diagnostic> diagnostics, boolean rejected, Instant created,
    List<PathRule> paths, dev.ingressc.ir.BackendProtocol protocol) {

  /** Paths that compete for the same requests: the same host, match and compared path. */
  record RouteKey(String host, PathMatch match, String matchPath) {}

  /**
   * One path of one rule.
   *
   * @param field e.g. {@code spec.rules[0].http.paths[1]}
   * @param origin the route's origin (that field)
   * @param backendOrigin the backend's origin ({@code field.backend})
   */
  record PathRule(RouteKey key, HTTPIngressPath path, String field, Origin origin, Origin backendOrigin) {}

  static CheckedIngress of(Located<Ingress> ing, boolean strict) {
    List<Diagnostic> found = new ArrayList<>(IngressValidator.validate(ing));
    found.addAll(AnnotationAccounting.diagnostics(AnnotationAccounting.account(ing, strict)));
    dev.ingressc.ir.BackendProtocol protocol = BackendProtocols.of(ing,
        d -> found.add(strict ? AnnotationAccounting.underStrict(d) : d));
    boolean rejected = found.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    if (rejected) {
      found.add(ing.error("", "the Ingress is rejected whole because of the errors reported for its fields; the rest of the input is still compiled"));
    }
    String ns = ing.key().namespace();
    String name = ing.key().name();
    return new CheckedIngress(ns + "/" + name, ClassSelector.Request.of(ing.value()), List.copyOf(found), rejected, created(ing),
        rejected ? List.of() : paths(ing), protocol);
  }

  private static List<PathRule> paths(Located<Ingress> ing) {
    String ns = ing.key().namespace();
    String name = ing.key().name();
    List<PathRule> out = new ArrayList<>();
    List<IngressRule> rules = ing.value().getSpec().getRules() == null ? List.of() : ing.value().getSpec().getRules();
    for (int r = 0; r < rules.size(); r++) {
      IngressRule rule = rules.get(r);
      if (rule.getHttp() == null) {
        continue;
      }
      String host = rule.getHost() == null ? "" : rule.getHost();
      List<HTTPIngressPath> paths = rule.getHttp().getPaths();
      for (int p = 0; p < paths.size(); p++) {
        HTTPIngressPath path = paths.get(p);
        String field = "spec.rules[" + r + "].http.paths[" + p + "]";
        PathMatch match = path.getPathType().equals("Exact") ? PathMatch.EXACT : PathMatch.PREFIX;
        String matchPath = match == PathMatch.PREFIX ? PathMatch.trimTrailingSlash(path.getPath()) : path.getPath();
        out.add(new PathRule(new RouteKey(host, match, matchPath), path, field, new Origin(ns, name, field),
            new Origin(ns, name, field + ".backend")));
      }
    }
    return List.copyOf(out);
  }

  private static Instant created(Located<Ingress> ing) {
    String ts = ing.value().getMetadata().getCreationTimestamp();
    try {
      return ts == null || ts.isEmpty() ? Instant.MAX : OffsetDateTime.parse(ts).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.MAX;
    }
  }
}
