package dev.ingressc.validate;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.load.Located;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Step 3 of the pipeline: checks one Ingress against what the API server would reject, plus
 * ingressc's own rule that no field may carry characters a proxy could read as configuration.
 * Any error rejects the Ingress whole.
 */
public final class IngressValidator {
  private static final Set<String> PATH_TYPES = Set.of("Exact", "Prefix", "ImplementationSpecific");

  private final Located<Ingress> ingress;
  private final boolean regexPaths;
  private final List<Diagnostic> out = new ArrayList<>();

  private IngressValidator(Located<Ingress> ingress, boolean regexPaths) {
    this.ingress = ingress;
    this.regexPaths = regexPaths;
  }

  /** Every problem found; the Ingress is valid when none is an error. */
  public static List<Diagnostic> validate(Located<Ingress> ingress) {
    return validate(ingress, false);
  }

  /**
   * As {@link #validate(Located)}; with {@code regexPaths} (use-regex), its ImplementationSpecific
   * paths are regular expressions and checked as such ({@link PathRules#regexProblems}).
   */
  public static List<Diagnostic> validate(Located<Ingress> ingress, boolean regexPaths) {
    IngressValidator v = new IngressValidator(ingress, regexPaths);
    v.run();
    return v.out;
  }

  private void run() {
    Ingress i = ingress.value();
    check("metadata.name", Names.dns1123Subdomain(i.getMetadata().getName()));
    check("metadata.namespace", Names.dns1123Label(ingress.key().namespace()));
    String ts = i.getMetadata().getCreationTimestamp();
    if (ts != null && !ts.isEmpty()) {
      try {
        OffsetDateTime.parse(ts);
      } catch (DateTimeParseException e) {
        out.add(ingress.warning("metadata.creationTimestamp", Names.quote(ts)
            + " is not an RFC 3339 time; the Ingress is treated as the newest in conflicts"));
      }
    }
    IngressSpec spec = i.getSpec();
    if (spec == null) {
      out.add(ingress.error("spec", "spec is required"));
      return;
    }
    if (spec.getIngressClassName() != null) {
      check("spec.ingressClassName", Names.dns1123Subdomain(spec.getIngressClassName()));
    }
    boolean hasRules = spec.getRules() != null && !spec.getRules().isEmpty();
    if (!hasRules && spec.getDefaultBackend() == null) {
      out.add(ingress.error("spec", "an Ingress needs rules, a defaultBackend, or both"));
    }
    if (spec.getDefaultBackend() != null) {
      backend("spec.defaultBackend", spec.getDefaultBackend());
    }
    if (hasRules) {
      for (int r = 0; r < spec.getRules().size(); r++) {
        rule("spec.rules[" + r + "]", spec.getRules().get(r));
      }
    }
    if (spec.getTls() != null) {
      for (int t = 0; t < spec.getTls().size(); t++) {
        tls("spec.tls[" + t + "]", spec.getTls().get(t));
      }
    }
  }

  private void rule(String field, IngressRule rule) {
    if (rule == null) {
      out.add(ingress.error(field, "a rule must not be null"));
      return;
    }
    if (rule.getHost() != null && !rule.getHost().isEmpty()) {
      check(field + ".host", Names.host(rule.getHost()));
    }
    if (rule.getHttp() == null) {
      out.add(ingress.note(field, "the rule has no http paths, so it routes nothing"));
      return;
    }
    List<HTTPIngressPath> paths = rule.getHttp().getPaths();
    if (paths == null || paths.isEmpty()) {
      out.add(ingress.error(field + ".http.paths", "http needs at least one path"));
      return;
    }
    for (int p = 0; p < paths.size(); p++) {
      path(field + ".http.paths[" + p + "]", paths.get(p));
    }
  }

  private void path(String field, HTTPIngressPath path) {
    if (path == null) {
      out.add(ingress.error(field, "a path entry must not be null"));
      return;
    }
    String type = path.getPathType();
    if (type == null || type.isEmpty()) {
      out.add(ingress.error(field + ".pathType", "pathType is required: Exact, Prefix or ImplementationSpecific"));
    } else if (!PATH_TYPES.contains(type)) {
      out.add(ingress.error(field + ".pathType", Names.quote(type)
          + " is not a pathType: use Exact, Prefix or ImplementationSpecific"));
    } else if (regexPaths && type.equals("ImplementationSpecific")) {
      for (String problem : PathRules.regexProblems(path.getPath())) {
        out.add(ingress.error(field + ".path", problem));
      }
    } else {
      for (String problem : PathRules.problems(path.getPath(), type)) {
        out.add(ingress.error(field + ".path", problem));
      }
      String hint = PathRules.regexHint(path.getPath(), type);
      if (!hint.isEmpty()) {
        out.add(ingress.warning(field + ".path", hint));
      }
      String unreachable = type.equals("ImplementationSpecific") ? PathRules.unreachableHint(path.getPath()) : "";
      if (!unreachable.isEmpty()) {
        out.add(ingress.warning(field + ".path", unreachable));
      }
    }
    if (path.getBackend() == null) {
      out.add(ingress.error(field + ".backend", "backend is required"));
    } else {
      backend(field + ".backend", path.getBackend());
    }
  }

  private void backend(String field, IngressBackend b) {
    IngressServiceBackend svc = b.getService();
    TypedLocalObjectReference res = b.getResource();
    if (svc != null && res != null) {
      out.add(ingress.error(field, "a backend must have exactly one of service or resource, not both"));
      return;
    }
    if (svc == null && res == null) {
      out.add(ingress.error(field, "a backend must have exactly one of service or resource"));
      return;
    }
    if (svc != null) {
      if (svc.getName() == null || svc.getName().isEmpty()) {
        out.add(ingress.error(field + ".service.name", "service name is required"));
      } else {
        check(field + ".service.name", Names.dns1035Label(svc.getName()));
      }
      servicePort(field + ".service.port", svc.getPort());
    } else {
      if (res.getApiGroup() != null && !res.getApiGroup().isEmpty()) {
        check(field + ".resource.apiGroup", Names.dns1123Subdomain(res.getApiGroup()));
      }
      if (res.getKind() == null || res.getKind().isEmpty()) {
        out.add(ingress.error(field + ".resource.kind", "resource kind is required"));
      } else {
        check(field + ".resource.kind", Names.kind(res.getKind()));
      }
      if (res.getName() == null || res.getName().isEmpty()) {
        out.add(ingress.error(field + ".resource.name", "resource name is required"));
      } else {
        check(field + ".resource.name", Names.dns1123Subdomain(res.getName()));
      }
    }
  }

  private void servicePort(String field, ServiceBackendPort port) {
    if (port == null) {
      out.add(ingress.error(field, "service port is required: give its name or its number"));
      return;
    }
    boolean hasName = port.getName() != null && !port.getName().isEmpty();
    boolean hasNumber = port.getNumber() != null && port.getNumber() != 0;
    if (hasName == hasNumber) {
      out.add(ingress.error(field, "a service port must have exactly one of name or number"));
      return;
    }
    if (hasNumber && (port.getNumber() < 1 || port.getNumber() > 65535)) {
      out.add(ingress.error(field + ".number", port.getNumber() + " is not a port number: it must be 1-65535"));
    }
    if (hasName) {
      check(field + ".name", Names.portName(port.getName()));
    }
  }

  private void tls(String field, IngressTLS tls) {
    if (tls == null) {
      out.add(ingress.error(field, "a tls entry must not be null"));
      return;
    }
    if (tls.getHosts() != null) {
      for (int h = 0; h < tls.getHosts().size(); h++) {
        String host = tls.getHosts().get(h);
        if (host == null || host.isEmpty()) {
          out.add(ingress.error(field + ".hosts[" + h + "]", "a tls host must not be empty"));
        } else {
          check(field + ".hosts[" + h + "]", Names.host(host));
        }
      }
    }
    if (tls.getSecretName() != null && !tls.getSecretName().isEmpty()) {
      check(field + ".secretName", Names.dns1123Subdomain(tls.getSecretName()));
    }
  }

  private void check(String field, Optional<String> problem) {
    problem.ifPresent(p -> out.add(ingress.error(field, p)));
  }
}
