package dev.ingressc.normalize;

import dev.ingressc.diag.Diagnostics;
import dev.ingressc.ir.Backend;
import dev.ingressc.ir.BackendProtocol;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.Origin;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import dev.ingressc.validate.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Resolves Ingress backends to upstreams: Service ports by number or name, ready endpoints from
 * EndpointSlices, ExternalName and cluster-DNS fallbacks, and resource backends through the class
 * parameters.
 *
 * <p>One resolution depends only on the backend, the class parameters and the Service (with its
 * EndpointSlices) it names, never on other resolutions: it says what upstream it would build, and
 * which problems it reports whoever built the upstream. What depends on the order of resolutions
 * (each upstream is built once, by the first resolution in the spec's conflict order naming it, and
 * the later ones are checked against it) is decided afterwards by {@link #assemble}. That lets the
 * Normalizer keep resolutions of unchanged hosts from one pass to the next.
 */
final class BackendResolver {
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private final CheckedObjects.Inputs in;
  private final String clusterDomain;

  /** Reads Services and EndpointSlices as {@code check} made them ({@link CheckedService}, {@link CheckedSlice}). */
  BackendResolver(CheckedObjects.Inputs in, String clusterDomain) {
    this.in = in;
    this.clusterDomain = clusterDomain;
  }

  /** The EndpointSlices labelled for Service {@code namespace/name}, in no particular order. */
  List<CheckedSlice> slices(String serviceKey) {
    return in.slices(serviceKey);
  }

  /** How a problem about a backend is reported: against the field that named it. */
  interface Reporter {
    void warning(String message);

    void error(String message);

    /** A problem about another object (e.g. the Service), found while resolving. */
    void add(dev.ingressc.diag.Diagnostic d);
  }

  /** Which checks against the upstream's builder a resolution gets when it did not build it. */
  enum Check {
    /** None: the upstream's problems were reported by the resolution itself. */
    NONE,
    /** Warned when the builder's load balancing or protocol differs (and the upstream is usable). */
    SETTINGS,
    /** As SETTINGS, and warned with {@link Proposal#noReadyMessage} when the upstream is unavailable. */
    SETTINGS_AND_READY
  }

  /** A problem a resolution reports against the field that named the backend, or about another object. */
  record Local(boolean error, String message, dev.ingressc.diag.Diagnostic other) {
    void replay(Reporter report) {
      if (other != null) {
        report.add(other);
      } else if (error) {
        report.error(message);
      } else {
        report.warning(message);
      }
    }
  }

  /**
   * What one resolution gives, whoever builds the upstream. A function of the backend, the load
   * balancing and protocol (and for resource backends the class parameters), and the Service and
   * EndpointSlices it names; of the Service's EndpointSlices only {@code upstream} and
   * {@code creation} depend on them.
   *
   * @param ref what the backend names
   * @param upstream the upstream this resolution builds if it is the first to name it; null when
   *     the backend cannot be served at all (an unmapped resource backend), which drops its route
   * @param endpoints the upstream's endpoints, for the endpoints table (not routing)
   * @param check what it is checked for when another resolution built the upstream
   * @param loadBalancing the load balancing its class asks for
   * @param protocol the backend protocol its Ingress asks for
   * @param noReadyMessage for {@link Check#SETTINGS_AND_READY}
   * @param creation problems reported only by the resolution that builds the upstream
   * @param serviceKey {@code namespace/name} of the Service looked up, or null
   * @param local problems every resolution reports
   */
  record Proposal(BackendRef ref, Upstream upstream, List<Endpoint> endpoints, Check check, LoadBalancing loadBalancing, BackendProtocol protocol,
      String noReadyMessage,
      List<dev.ingressc.diag.Diagnostic> creation, String serviceKey, List<Local> local) {}

  /** Resolves a resource backend through the class parameters; its URL is http://, so it is always HTTP. */
  Proposal resource(BackendRef.Resource ref, ClassParameters params) {
    String namespace = ref.namespace();
    UpstreamUrl url = params.resourceBackends().get(ClassParameters.resourceKey(ref.apiGroup(), ref.kind(), ref.name()));
    if (url == null) {
      return new Proposal(ref, null, List.of(), Check.NONE, params.loadBalancing(), BackendProtocol.HTTP, "", List.of(), null,
          List.of(new Local(true,
          "resource backend " + ref.display() + " (kind " + ref.kind() + ") is not mapped to an upstream"
              + " URL by the class parameters; this backend is rejected", null)));
    }
    String name = "resource:" + namespace + "/" + ClassParameters.resourceKey(ref.apiGroup(), ref.kind(), ref.name());
    Upstream u = new Upstream(name, url.literalIp() ? UpstreamKind.STATIC : UpstreamKind.DNS,
        params.loadBalancing(), BackendProtocol.HTTP, "");
    return new Proposal(ref, u, List.of(url.endpoint()), Check.SETTINGS, params.loadBalancing(), BackendProtocol.HTTP, "", List.of(), null, List.of());
  }

  /** Resolves a Service port, also one named outside any Ingress (the controller's --default-backend). */
  Proposal service(BackendRef.ServicePort ref, LoadBalancing lb, BackendProtocol protocol) {
    List<Local> local = new ArrayList<>(0);
    String serviceKey = ref.namespace() + "/" + ref.service();
    CheckedService service = in.service(ref.namespace(), ref.service());
    String display = "Service " + serviceKey;
    if (service == null) {
      local.add(new Local(false, display + " does not exist; requests for this backend get 503", null));
      return unavailable(ref, lb, protocol, display + " does not exist", serviceKey, local);
    }
    List<CheckedService.Port> ports = service.ports();
    CheckedService.Port port = ports.stream()
        .filter(p -> ref.portName().isEmpty() ? Objects.equals(p.number(), ref.portNumber()) : ref.portName().equals(p.name()))
        .findFirst().orElse(null);
    if (service.isExternalName()) {
      return externalName(service, ref, port, lb, protocol, serviceKey, local);
    }
    if (port == null) {
      String have = ports.stream().map(p -> p.number() + (p.name() == null ? "" : "/" + p.name()))
          .collect(Collectors.joining(", "));
      local.add(new Local(false, display + " has no port " + ref.port() + " (it has: " + (have.isEmpty() ? "none" : have)
          + "); requests for this backend get 503", null));
      return unavailable(ref, lb, protocol, display + " has no port " + ref.port(), serviceKey, local);
    }
    String name = ref.namespace() + "/" + ref.service() + ":" + port.number();
    String noReady = display + " port " + ref.port() + " has no ready endpoint; requests for this backend get 503";
    List<CheckedSlice> slices = slices(serviceKey);
    if (slices.isEmpty()) {
      // No slice at all in the input: trust the cluster's DNS, as kube-proxy would.
      String host = ref.service() + "." + ref.namespace() + ".svc." + clusterDomain;
      return new Proposal(ref, new Upstream(name, UpstreamKind.DNS, lb, protocol, ""),
          List.of(new Endpoint(host, port.number())), Check.SETTINGS_AND_READY, lb, protocol, noReady, List.of(), serviceKey, List.of());
    }
    List<dev.ingressc.diag.Diagnostic> creation = new ArrayList<>(0);
    TreeSet<Endpoint> ready = readyEndpoints(slices, port.name() == null ? "" : port.name(), creation);
    // Routing sees only whether some endpoint is ready; the endpoints go to the endpoints table.
    Upstream u = ready.isEmpty()
        ? new Upstream(name, UpstreamKind.UNAVAILABLE, lb, protocol, display + " has no ready endpoint")
        : new Upstream(name, UpstreamKind.STATIC, lb, protocol, "");
    return new Proposal(ref, u, List.copyOf(ready), Check.SETTINGS_AND_READY, lb, protocol, noReady, List.copyOf(creation), serviceKey, List.of());
  }

  private Proposal externalName(CheckedService service, BackendRef.ServicePort ref, CheckedService.Port port,
      LoadBalancing lb, BackendProtocol protocol, String serviceKey, List<Local> local) {
    String display = "Service " + ref.namespace() + "/" + ref.service();
    String external = service.externalName().toLowerCase(java.util.Locale.ROOT);
    var problem = external.isEmpty() ? java.util.Optional.of("externalName is empty")
        : Names.dns1123Subdomain(external).or(() -> Names.upstreamHost(external));
    if (problem.isPresent()) {
      local.add(new Local(true, "", service.source().error("spec.externalName", problem.get() + "; the Service cannot be used")));
      return unavailable(ref, lb, protocol, display + " has an invalid externalName", serviceKey, local);
    }
    int number = port != null ? port.number() : ref.portNumber();
    if (number == 0) {
      local.add(new Local(false, display + " has no port named " + ref.portName() + "; requests for this backend get 503", null));
      return unavailable(ref, lb, protocol, display + " has no port " + ref.port(), serviceKey, local);
    }
    String name = ref.namespace() + "/" + ref.service() + ":" + number;
    return new Proposal(ref, new Upstream(name, UpstreamKind.DNS, lb, protocol, ""),
        List.of(new Endpoint(external, number)), Check.SETTINGS, lb, protocol, "", List.of(), serviceKey, List.of());
  }

  private static TreeSet<Endpoint> readyEndpoints(List<CheckedSlice> slices, String portName,
      List<dev.ingressc.diag.Diagnostic> diagnostics) {
    TreeSet<Endpoint> ready = new TreeSet<>();
    for (CheckedSlice slice : slices) {
      String type = slice.addressType();
      for (CheckedSlice.Port p : slice.ports()) {
        if (!portName.equals(p.name()) || p.number() == null) {
          continue;
        }
        if (p.number() < 1 || p.number() > 65535) {
          diagnostics.add(slice.source().warning("ports", "port " + p.number() + " is outside 1-65535 and is ignored"));
          continue;
        }
        for (int e = 0; e < slice.endpoints().size(); e++) {
          CheckedSlice.SliceEndpoint ep = slice.endpoints().get(e);
          if (!ep.ready()) {
            continue;
          }
          for (int a = 0; a < ep.addresses().size(); a++) {
            String addr = ep.addresses().get(a);
            boolean valid = type.equals("IPv6") ? Names.isIpv6Literal(addr) : type.equals("IPv4") && IPV4.matcher(addr).matches();
            if (!valid) {
              diagnostics.add(slice.source().warning("endpoints[" + e + "].addresses[" + a + "]", Names.quote(addr)
                  + " is not an " + type + " address; the endpoint is ignored"));
              continue;
            }
            ready.add(new Endpoint(addr, p.number()));
          }
        }
      }
    }
    return ready;
  }

  private static Proposal unavailable(BackendRef.ServicePort ref, LoadBalancing lb, BackendProtocol protocol, String reason,
      String serviceKey, List<Local> local) {
    return new Proposal(ref, new Upstream(ref.display(), UpstreamKind.UNAVAILABLE, lb, protocol, reason), List.of(), Check.NONE,
        lb, protocol, "", List.of(), serviceKey, List.copyOf(local));
  }

  /** Adapts a pair of diagnostic factories to a {@link Reporter} that hands what it reports to {@code sink}. */
  static Reporter reporter(java.util.function.Consumer<dev.ingressc.diag.Diagnostic> sink,
      Function<String, dev.ingressc.diag.Diagnostic> warning, Function<String, dev.ingressc.diag.Diagnostic> error) {
    return new Reporter() {
      @Override
      public void warning(String message) {
        sink.accept(warning.apply(message));
      }

      @Override
      public void error(String message) {
        sink.accept(error.apply(message));
      }

      @Override
      public void add(dev.ingressc.diag.Diagnostic d) {
        sink.accept(d);
      }
    };
  }
}
