package dev.ingressc.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.RouteSettings;
import dev.ingressc.load.Kinds;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import dev.ingressc.validate.ProxyLimits;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves an IngressClass's {@code spec.parameters} into {@link ClassParameters}. Anything missing
 * or invalid is reported and replaced by its default; it never rejects the class.
 *
 * <p>IngressParameters ({@code ingressc.dev/v1alpha1}) spell the settings as {@code spec}
 * fields; a ConfigMap spells them as {@code data} keys in ingress-nginx's style.
 */
final class ParametersResolver {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

  private final CheckedObjects.Inputs in;
  private final Diagnostics diagnostics;

  ParametersResolver(CheckedObjects.Inputs in, Diagnostics diagnostics) {
    this.in = in;
    this.diagnostics = diagnostics;
  }

  ClassParameters resolve(CheckedClass cls) {
    CheckedClass.ParametersRef ref = cls.parameters();
    if (ref == null) {
      return ClassParameters.DEFAULTS;
    }
    String f = "spec.parameters";
    String scope = ref.scope().isEmpty() ? "Cluster" : ref.scope();
    String group = ref.apiGroup();
    String kind = ref.kind();
    String name = ref.name();
    if (!scope.equals("Cluster") && !scope.equals("Namespace")) {
      return fallback(cls, f + ".scope", Names.quote(scope) + " is not a scope: use Cluster or Namespace");
    }
    String ns = ref.namespace();
    if (scope.equals("Namespace") && ns.isEmpty()) {
      return fallback(cls, f + ".namespace", "scope Namespace requires namespace");
    }
    if (scope.equals("Cluster") && !ns.isEmpty()) {
      return fallback(cls, f + ".namespace", "namespace must be empty when scope is Cluster");
    }
    if (name.isEmpty()) {
      return fallback(cls, f + ".name", "name is required");
    }
    if (group.isEmpty() && kind.equals(Kinds.CONFIG_MAP)) {
      if (scope.equals("Cluster")) {
        return fallback(cls, f + ".scope", "a ConfigMap is namespaced: use scope Namespace with its namespace");
      }
      CheckedConfigMap cm = in.configMap(ns, name);
      if (cm == null) {
        return fallback(cls, f, "ConfigMap " + ns + "/" + name + " does not exist");
      }
      return fromConfigMap(cm);
    }
    if (group.equals(Kinds.PARAMETERS_GROUP) && kind.equals(Kinds.INGRESS_PARAMETERS)) {
      Located<ObjectNode> p = in.parameters(ns, name);
      if (p == null) {
        return fallback(cls, f, "IngressParameters " + (ns.isEmpty() ? "" : ns + "/") + name + " does not exist");
      }
      return fromParameters(p);
    }
    return fallback(cls, f, "parameters of kind " + Names.quote((group.isEmpty() ? "" : group + "/") + kind)
        + " are not understood: use a ConfigMap or " + Kinds.PARAMETERS_GROUP + " IngressParameters");
  }

  private ClassParameters fallback(CheckedClass cls, String field, String problem) {
    diagnostics.add(cls.source().warning(field, problem + "; the default parameters are used"));
    return ClassParameters.DEFAULTS;
  }

  private ClassParameters fromConfigMap(CheckedConfigMap cm) {
    Map<String, String> data = cm.data();
    Builder b = new Builder((field, msg) -> diagnostics.add(cm.source().warning(field, msg + "; the default is used")),
        (field, msg) -> diagnostics.add(cm.source().warning(field, msg)));
    data.forEach((key, value) -> {
      String field = "data[" + key + "]";
      if (value == null && KNOWN_DATA_KEYS.contains(key)) {
        b.problem(field, "has no value (null)");
        return;
      }
      switch (key) {
        case "load-balance" -> b.loadBalancing(field, value);
        case "ssl-redirect" -> b.sslRedirect(field, value);
        case "proxy-connect-timeout" -> b.connectTimeout(field, value);
        case "proxy-read-timeout" -> b.readTimeout(field, value);
        case "proxy-body-size" -> b.bodySize(field, value);
        case "use-http2" -> b.http2(field, value);
        case "resource-backends" -> {
          // One mapping a line: apiGroup/Kind/name=http://host:port (apiGroup empty for the core group).
          value.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(line -> {
            int eq = line.indexOf('=');
            String[] ref = eq < 0 ? new String[0] : line.substring(0, eq).trim().split("/", -1);
            if (ref.length != 3) {
              b.problem(field, Names.quote(line) + " is not apiGroup/Kind/name=http://host:port");
            } else {
              b.resourceBackend(field, ref[0], ref[1], ref[2], line.substring(eq + 1));
            }
          });
        }
        default -> {
          if (!b.trusted.take(key, field, value == null ? "" : value)) {
            diagnostics.add(cm.source().note(field, "unknown key " + Names.quote(key) + " is ignored"));
          }
        }
      }
    });
    return b.build();
  }

  private ClassParameters fromParameters(Located<ObjectNode> p) {
    JsonNode spec = p.value().path("spec");
    Builder b = new Builder((field, msg) -> diagnostics.add(p.warning(field, msg + "; the default is used")),
        (field, msg) -> diagnostics.add(p.warning(field, msg)));
    for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = "spec." + e.getKey();
      JsonNode v = e.getValue();
      String text = ScalarText.of(v);
      if (text == null && !e.getKey().equals("resourceBackends") && KNOWN_SPEC_FIELDS.contains(e.getKey())) {
        b.problem(field, "must be a string, not " + ScalarText.describe(v));
        continue;
      }
      switch (e.getKey()) {
        case "loadBalancing" -> b.loadBalancing(field, text);
        case "sslRedirect" -> b.sslRedirect(field, text);
        case "proxyConnectTimeout" -> b.connectTimeout(field, text);
        case "proxyReadTimeout" -> b.readTimeout(field, text);
        case "proxyBodySize" -> b.bodySize(field, text);
        case "http2" -> b.http2(field, text);
        case "resourceBackends" -> {
          if (!v.isArray()) {
            b.problem(field, "must be a list, not " + ScalarText.describe(v));
            continue;
          }
          for (int i = 0; i < v.size(); i++) {
            resourceBackend(b, field + "[" + i + "]", v.get(i));
          }
        }
        default -> {
          if (!b.trusted.take(e.getKey(), field, text == null ? "" : text)) {
            diagnostics.add(p.note(field, "unknown field " + Names.quote(e.getKey()) + " is ignored"));
          }
        }
      }
    }
    return b.build();
  }

  private static final java.util.Set<String> KNOWN_DATA_KEYS = java.util.Set.of("load-balance", "ssl-redirect",
      "proxy-connect-timeout", "proxy-read-timeout", "proxy-body-size", "use-http2", "resource-backends");
  private static final java.util.Set<String> KNOWN_SPEC_FIELDS = java.util.Set.of("loadBalancing", "sslRedirect",
      "proxyConnectTimeout", "proxyReadTimeout", "proxyBodySize", "http2", "resourceBackends");

  /** One {@code spec.resourceBackends} item: a map of four strings. */
  private static void resourceBackend(Builder b, String field, JsonNode rb) {
    if (!rb.isObject()) {
      b.problem(field, "must be a map with apiGroup, kind, name and url, not " + ScalarText.describe(rb));
      return;
    }
    String[] values = new String[4];
    String[] names = {"apiGroup", "kind", "name", "url"};
    for (int i = 0; i < names.length; i++) {
      JsonNode n = rb.path(names[i]);
      values[i] = n.isMissingNode() ? "" : ScalarText.of(n);
      if (values[i] == null) {
        b.problem(field + "." + names[i], "must be a string, not " + ScalarText.describe(n));
        return;
      }
    }
    b.resourceBackend(field, values[0], values[1], values[2], values[3]);
  }

  /** Collects settings, reporting each invalid value through {@code problem}. */
  private static final class Builder {
    private final BiConsumer<String, String> problem;
    private LoadBalancing lb = ClassParameters.DEFAULTS.loadBalancing();
    private boolean sslRedirect = ClassParameters.DEFAULTS.sslRedirect();
    private boolean http2 = ClassParameters.DEFAULTS.http2();
    private Duration connect = RouteSettings.DEFAULTS.connectTimeout();
    private Duration read = RouteSettings.DEFAULTS.readTimeout();
    private long body = RouteSettings.DEFAULTS.maxBodyBytes();
    private final Map<String, UpstreamUrl> resources = new LinkedHashMap<>();
    private final TrustedProxyParameters trusted;

    Builder(BiConsumer<String, String> problem, BiConsumer<String, String> warn) {
      this.problem = problem;
      this.trusted = new TrustedProxyParameters(warn);
    }

    void problem(String field, String message) {
      problem.accept(field, message);
    }

    void loadBalancing(String field, String v) {
      Optional<LoadBalancing> parsed = LoadBalancing.parse(v);
      if (parsed.isPresent()) {
        lb = parsed.get();
      } else {
        problem(field, Names.quote(v) + " is not a load-balancing algorithm: use round-robin, least-connections,"
            + " random or client-ip-hash");
      }
    }

    void sslRedirect(String field, String v) {
      bool(field, v).ifPresent(b -> sslRedirect = b);
    }

    void http2(String field, String v) {
      bool(field, v).ifPresent(b -> http2 = b);
    }

    private Optional<Boolean> bool(String field, String v) {
      if (v.equals("true") || v.equals("false")) {
        return Optional.of(Boolean.parseBoolean(v));
      }
      problem(field, Names.quote(v) + " is not true or false");
      return Optional.empty();
    }

    void connectTimeout(String field, String v) {
      duration(field, v).ifPresent(d -> connect = d);
    }

    void readTimeout(String field, String v) {
      duration(field, v).ifPresent(d -> read = d);
    }

    private Optional<Duration> duration(String field, String v) {
      Matcher m = DURATION.matcher(v.trim());
      if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
        problem(field, Names.quote(v) + " is not a duration such as 500ms, 5s, 2m or 1h (a bare number is seconds)");
        return Optional.empty();
      }
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      Duration d = switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofSeconds(n);
      };
      if (d.toMillis() > ProxyLimits.MAX_TIMEOUT_MS) {
        problem(field, Names.quote(v) + " is longer than " + ProxyLimits.MAX_TIMEOUT_MS
            + "ms (about 24 days), the longest timeout every proxy accepts (HAProxy's timer limit)");
        return Optional.empty();
      }
      return Optional.of(d);
    }

    void bodySize(String field, String v) {
      BodySizes.Parsed p = BodySizes.parse(v);
      if (p.problem() != null) {
        problem(field, Names.quote(v) + " " + p.problem());
        return;
      }
      body = p.bytes();
    }

    void resourceBackend(String field, String group, String kind, String name, String url) {
      if (kind.isEmpty() || name.isEmpty()) {
        problem(field, "a resource backend needs kind and name");
        return;
      }
      try {
        resources.put(ClassParameters.resourceKey(group, kind, name), UpstreamUrl.parse(url));
      } catch (IllegalArgumentException e) {
        problem(field, e.getMessage());
      }
    }

    ClassParameters build() {
      return new ClassParameters(lb, sslRedirect, new RouteSettings(connect, read, body), resources, http2,
          trusted.build());
    }
  }
}
