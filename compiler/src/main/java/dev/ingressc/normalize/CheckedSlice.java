package dev.ingressc.normalize;

import dev.ingressc.load.Located;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The step {@code check} for an EndpointSlice: what resolving a Service's endpoints reads of it
 * ({@link BackendResolver}), made once per EndpointSlice instance ({@link CheckedObjects}). Indexes
 * are kept as written, so a bad address is reported against its field.
 *
 * @param source where it came from, for diagnostics
 * @param serviceName its {@code kubernetes.io/service-name} label, or null
 * @param addressType addressType; IPv4 when unset
 * @param ports its ports; none when ports or endpoints are unset (then it serves nothing)
 * @param endpoints its endpoints, in order; none when ports or endpoints are unset
 * @param serviceKey {@code namespace/serviceName}, or null without the label: the key every pass indexes it by
 */
record CheckedSlice(InputSource source, String serviceName, String addressType, List<Port> ports,
    List<SliceEndpoint> endpoints, String serviceKey) {
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  /**
   * One port.
   *
   * @param name empty when unset
   * @param number null when unset
   */
  record Port(String name, Integer number) {}

  /**
   * One endpoint.
   *
   * @param addresses lower-cased, in order (empty when unset)
   * @param ready unset counts as ready
   */
  record SliceEndpoint(List<String> addresses, boolean ready) {}

  static CheckedSlice of(Located<EndpointSlice> located) {
    EndpointSlice slice = located.value();
    Map<String, String> labels = slice.getMetadata() == null ? null : slice.getMetadata().getLabels();
    List<Port> ports = new ArrayList<>();
    List<SliceEndpoint> endpoints = new ArrayList<>();
    if (slice.getPorts() != null && slice.getEndpoints() != null) {
      for (EndpointPort p : slice.getPorts()) {
        ports.add(new Port(Objects.toString(p.getName(), ""), p.getPort()));
      }
      for (Endpoint ep : slice.getEndpoints()) {
        boolean ready = ep.getConditions() == null || ep.getConditions().getReady() == null || ep.getConditions().getReady();
        List<String> addresses = ep.getAddresses() == null ? List.of()
            : ep.getAddresses().stream().map(a -> Objects.toString(a, "").toLowerCase(Locale.ROOT)).toList();
        endpoints.add(new SliceEndpoint(addresses, ready));
      }
    }
    String serviceName = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
    return new CheckedSlice(InputSource.of(located), serviceName, Objects.toString(slice.getAddressType(), "IPv4"),
        List.copyOf(ports), List.copyOf(endpoints), serviceName == null ? null : located.key().namespace() + "/" + serviceName);
  }
}
