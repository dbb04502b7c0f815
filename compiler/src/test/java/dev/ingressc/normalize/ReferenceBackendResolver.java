package dev.ingressc.normalize;

import dev.ingressc.diag.Diagnostics;
import dev.ingressc.ir.Backend;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.Origin;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import dev.ingressc.load.InputObjects;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Resolves Ingress backends to upstreams: Service ports by number or name, ready endpoints from
 * EndpointSlices, ExternalName and cluster-DNS fallbacks, and resource backends through the class
 * parameters. Each upstream is built once, by the first (highest-precedence) Ingress naming it.
 */
final class ReferenceBackendResolver {
  private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

  private final InputObjects in;
  private final Diagnostics diagnostics;
  private final String clusterDomain;
  private final Map<String, List<Located<EndpointSlice>>> slicesByService;
  private final Map<String, Upstream> upstreams = new TreeMap<>();

  ReferenceBackendResolver(InputObjects in, Diagnostics diagnostics, String clusterDomain) {
    this.in = in;
    this.diagnostics = diagnostics;
    this.clusterDomain = clusterDomain;
    this.slicesByService = new HashMap<>();
    for (Located<EndpointSlice> s : in.endpointSlices()) {
      Map<String, String> labels = s.value().getMetadata().getLabels();
      String svc = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
      if (svc != null) {
        slicesByService.computeIfAbsent(s.key().namespace() + "/" + svc, k -> new ArrayList<>()).add(s);
      }
    }
  }

  /** How a problem about a backend is reported: against the field that named it. */
  interface Reporter {
    void warning(String message);

    void error(String message);
  }

  /**
   * Resolves {@code b}, or returns null when the backend cannot be served at all (an unmapped
   * resource backend), which drops its route.
   */
  Backend resolve(String namespace, IngressBackend b, ClassParameters params, Origin origin, Reporter report) {
    if (b.getResource() != null) {
      var r = b.getResource();
      BackendRef.Resource ref = new BackendRef.Resource(namespace, Objects.toString(r.getApiGroup(), ""), r.getKind(), r.getName());
      UpstreamUrl url = params.resourceBackends().get(ClassParameters.resourceKey(ref.apiGroup(), ref.kind(), ref.name()));
      if (url == null) {
        report.error("resource backend " + ref.display() + " (kind " + ref.kind() + ") is not mapped to an upstream"
            + " URL by the class parameters; this backend is rejected");
        return null;
      }
      String name = "resource:" + namespace + "/" + ClassParameters.resourceKey(ref.apiGroup(), ref.kind(), ref.name());
      Upstream u = existing(name, params.loadBalancing(), report);
      if (u == null) {
        u = put(new Upstream(name, url.literalIp() ? UpstreamKind.STATIC : UpstreamKind.DNS, List.of(url.endpoint()),
            params.loadBalancing(), ""));
      }
      return new Backend(ref, u.name(), origin);
    }
    var svc = b.getService();
    int number = svc.getPort().getNumber() == null ? 0 : svc.getPort().getNumber();
    String portName = svc.getPort().getName() == null ? "" : svc.getPort().getName();
    BackendRef.ServicePort ref = new BackendRef.ServicePort(namespace, svc.getName(), number, portName);
    Upstream u = service(ref, params.loadBalancing(), report);
    return new Backend(ref, u.name(), origin);
  }

  /** Resolves a Service port named outside any Ingress (the controller's --default-backend). */
  Upstream service(BackendRef.ServicePort ref, LoadBalancing lb, Reporter report) {
    Located<Service> located = in.service(ref.namespace(), ref.service());
    String display = "Service " + ref.namespace() + "/" + ref.service();
    if (located == null) {
      report.warning(display + " does not exist; requests for this backend get 503");
      return unavailable(ref.display(), lb, display + " does not exist");
    }
    Service service = located.value();
    List<ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null
        ? List.of() : service.getSpec().getPorts();
    ServicePort port = ports.stream()
        .filter(p -> ref.portName().isEmpty() ? Objects.equals(p.getPort(), ref.portNumber()) : ref.portName().equals(p.getName()))
        .findFirst().orElse(null);
    if ("ExternalName".equals(service.getSpec() == null ? null : service.getSpec().getType())) {
      return externalName(located, ref, port, lb, report);
    }
    if (port == null) {
      String have = ports.stream().map(p -> p.getPort() + (p.getName() == null ? "" : "/" + p.getName()))
          .collect(Collectors.joining(", "));
      report.warning(display + " has no port " + ref.port() + " (it has: " + (have.isEmpty() ? "none" : have)
          + "); requests for this backend get 503");
      return unavailable(ref.display(), lb, display + " has no port " + ref.port());
    }
    String name = ref.namespace() + "/" + ref.service() + ":" + port.getPort();
    Upstream known = existing(name, lb, report);
    if (known != null) {
      if (known.unavailable()) {
        report.warning(display + " port " + ref.port() + " has no ready endpoint; requests for this backend get 503");
      }
      return known;
    }
    List<Located<EndpointSlice>> slices = slicesByService.getOrDefault(ref.namespace() + "/" + ref.service(), List.of());
    if (slices.isEmpty()) {
      // No slice at all in the input: trust the cluster's DNS, as kube-proxy would.
      String host = ref.service() + "." + ref.namespace() + ".svc." + clusterDomain;
      return put(new Upstream(name, UpstreamKind.DNS, List.of(new Endpoint(host, port.getPort())), lb, ""));
    }
    TreeSet<Endpoint> ready = readyEndpoints(slices, port.getName() == null ? "" : port.getName());
    if (ready.isEmpty()) {
      report.warning(display + " port " + ref.port() + " has no ready endpoint; requests for this backend get 503");
      return put(new Upstream(name, UpstreamKind.UNAVAILABLE, List.of(), lb, display + " has no ready endpoint"));
    }
    return put(new Upstream(name, UpstreamKind.STATIC, new ArrayList<>(ready), lb, ""));
  }

  private Upstream externalName(Located<Service> located, BackendRef.ServicePort ref, ServicePort port, LoadBalancing lb,
      Reporter report) {
    String display = "Service " + ref.namespace() + "/" + ref.service();
    String external = Objects.toString(located.value().getSpec().getExternalName(), "").toLowerCase(java.util.Locale.ROOT);
    var problem = external.isEmpty() ? java.util.Optional.of("externalName is empty") : Names.dns1123Subdomain(external);
    if (problem.isPresent()) {
      diagnostics.add(located.error("spec.externalName", problem.get() + "; the Service cannot be used"));
      return unavailable(ref.display(), lb, display + " has an invalid externalName");
    }
    int number = port != null ? port.getPort() : ref.portNumber();
    if (number == 0) {
      report.warning(display + " has no port named " + ref.portName() + "; requests for this backend get 503");
      return unavailable(ref.display(), lb, display + " has no port " + ref.port());
    }
    String name = ref.namespace() + "/" + ref.service() + ":" + number;
    Upstream known = existing(name, lb, report);
    return known != null ? known : put(new Upstream(name, UpstreamKind.DNS, List.of(new Endpoint(external, number)), lb, ""));
  }

  private TreeSet<Endpoint> readyEndpoints(List<Located<EndpointSlice>> slices, String portName) {
    TreeSet<Endpoint> ready = new TreeSet<>();
    for (Located<EndpointSlice> located : slices) {
      EndpointSlice slice = located.value();
      String type = Objects.toString(slice.getAddressType(), "IPv4");
      if (slice.getPorts() == null || slice.getEndpoints() == null) {
        continue;
      }
      for (EndpointPort p : slice.getPorts()) {
        if (!portName.equals(Objects.toString(p.getName(), "")) || p.getPort() == null) {
          continue;
        }
        if (p.getPort() < 1 || p.getPort() > 65535) {
          diagnostics.add(located.warning("ports", "port " + p.getPort() + " is outside 1-65535 and is ignored"));
          continue;
        }
        for (int e = 0; e < slice.getEndpoints().size(); e++) {
          var ep = slice.getEndpoints().get(e);
          boolean isReady = ep.getConditions() == null || ep.getConditions().getReady() == null || ep.getConditions().getReady();
          if (!isReady || ep.getAddresses() == null) {
            continue;
          }
          for (int a = 0; a < ep.getAddresses().size(); a++) {
            String addr = Objects.toString(ep.getAddresses().get(a), "").toLowerCase(java.util.Locale.ROOT);
            boolean valid = type.equals("IPv6") ? IPV6.matcher(addr).matches() : type.equals("IPv4") && IPV4.matcher(addr).matches();
            if (!valid) {
              diagnostics.add(located.warning("endpoints[" + e + "].addresses[" + a + "]", Names.quote(addr)
                  + " is not an " + type + " address; the endpoint is ignored"));
              continue;
            }
            ready.add(new Endpoint(addr, p.getPort()));
          }
        }
      }
    }
    return ready;
  }

  /**
   * The upstream already built under {@code name}, or null. One Service port is one upstream, so
   * when Ingresses of classes with different load balancing share it, the oldest Ingress's class
   * decides, and the others are told that theirs is dropped.
   */
  private Upstream existing(String name, LoadBalancing lb, Reporter report) {
    Upstream known = upstreams.get(name);
    if (known != null && known.loadBalancing() != lb && !known.unavailable()) {
      report.warning("upstream " + name + " is shared with an older Ingress whose class sets load balancing "
          + known.loadBalancing().configName() + "; this Ingress's class setting " + lb.configName() + " is not applied");
    }
    return known;
  }

  private Upstream unavailable(String refDisplay, LoadBalancing lb, String reason) {
    return put(new Upstream(refDisplay, UpstreamKind.UNAVAILABLE, List.of(), lb, reason));
  }

  private Upstream put(Upstream u) {
    return upstreams.computeIfAbsent(u.name(), n -> u);
  }

  /** Every upstream built, sorted by name, restricted to those still referenced. */
  List<Upstream> upstreams(java.util.Set<String> referenced) {
    return upstreams.values().stream().filter(u -> referenced.contains(u.name())).toList();
  }

  /** Adapts a pair of diagnostic factories to a {@link Reporter}. */
  static Reporter reporter(Diagnostics d, Function<String, dev.ingressc.diag.Diagnostic> warning,
      Function<String, dev.ingressc.diag.Diagnostic> error) {
    return new Reporter() {
      @Override
      public void warning(String message) {
        d.add(warning.apply(message));
      }

      @Override
      public void error(String message) {
        d.add(error.apply(message));
      }
    };
  }
}
