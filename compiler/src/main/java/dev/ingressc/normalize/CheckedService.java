package dev.ingressc.normalize;

import dev.ingressc.load.Located;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The step {@code check} for a Service: what resolving a backend reads of it ({@link
 * BackendResolver}), made once per Service instance ({@link CheckedObjects}). Only the fields read
 * are kept, so two Services that differ elsewhere (labels, selector) resolve alike.
 *
 * @param source where it came from: a bad externalName is reported against it
 * @param type spec.type; empty when unset
 * @param externalName spec.externalName; empty when unset
 * @param ports spec.ports, in order
 */
record CheckedService(InputSource source, String type, String externalName, List<Port> ports) {
  /**
   * One spec.ports entry as written.
   *
   * @param name null when unset (a port named "" is printed differently from an unnamed one)
   * @param number null when unset
   */
  record Port(String name, Integer number) {}

  static CheckedService of(Located<Service> located) {
    var spec = located.value().getSpec();
    List<Port> ports = new ArrayList<>();
    if (spec != null && spec.getPorts() != null) {
      for (ServicePort p : spec.getPorts()) {
        ports.add(new Port(p.getName(), p.getPort()));
      }
    }
    return new CheckedService(InputSource.of(located), spec == null ? "" : Objects.toString(spec.getType(), ""),
        spec == null ? "" : Objects.toString(spec.getExternalName(), ""), List.copyOf(ports));
  }

  boolean isExternalName() {
    return "ExternalName".equals(type);
  }

  /**
   * Whether two checked Services resolve every backend alike: the same fields, and the same place
   * for what is reported against them. A file rewritten for its EndpointSlice gives its Service as
   * a new instance, equal to the last.
   */
  boolean resolvesAlike(CheckedService o) {
    return o != null && type.equals(o.type) && externalName.equals(o.externalName) && ports.equals(o.ports)
        && source.key().equals(o.source.key()) && source.source().file().equals(o.source.source().file())
        && source.source().lineOf("spec.externalName") == o.source.source().lineOf("spec.externalName");
  }
}
