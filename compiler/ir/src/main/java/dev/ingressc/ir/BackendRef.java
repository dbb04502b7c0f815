package dev.ingressc.ir;

/** What an Ingress backend names: a Service port, or a typed resource. */
public sealed interface BackendRef permits BackendRef.ServicePort, BackendRef.Resource {

  /** A human-readable form, e.g. {@code default/web:80} or {@code StorageBucket default/assets}. */
  String display();

  /**
   * A Service and port, as the Ingress wrote it.
   *
   * @param portNumber the port number when the Ingress named a number, else 0
   * @param portName the port name when the Ingress named one, else empty
   */
  record ServicePort(String namespace, String service, int portNumber, String portName)
      implements BackendRef {
    public String port() {
      return portName.isEmpty() ? Integer.toString(portNumber) : portName;
    }

    @Override
    public String display() {
      return namespace + "/" + service + ":" + port();
    }
  }

  /** A typed resource (spec.rules[].http.paths[].backend.resource); apiGroup empty is the core group. */
  record Resource(String namespace, String apiGroup, String kind, String name) implements BackendRef {
    @Override
    public String display() {
      return (apiGroup.isEmpty() ? "" : apiGroup + "/") + kind + " " + namespace + "/" + name;
    }
  }
}
