package dev.ingressc.load;

import java.util.Map;

/** The kinds ingressc reads, by kind, with the apiVersion each must have. */
public final class Kinds {
  public static final String INGRESS = "Ingress";
  public static final String INGRESS_CLASS = "IngressClass";
  public static final String SERVICE = "Service";
  public static final String ENDPOINT_SLICE = "EndpointSlice";
  public static final String SECRET = "Secret";
  public static final String CONFIG_MAP = "ConfigMap";
  public static final String INGRESS_PARAMETERS = "IngressParameters";
  public static final String PARAMETERS_GROUP = "ingressc.dev";

  static final Map<String, String> API_VERSIONS =
      Map.of(
          INGRESS, "networking.k8s.io/v1",
          INGRESS_CLASS, "networking.k8s.io/v1",
          SERVICE, "v1",
          ENDPOINT_SLICE, "discovery.k8s.io/v1",
          SECRET, "v1",
          CONFIG_MAP, "v1",
          INGRESS_PARAMETERS, PARAMETERS_GROUP + "/v1alpha1");

  private Kinds() {}

  /** IngressClass is cluster-scoped; IngressParameters may be either; the rest are namespaced. */
  static boolean alwaysNamespaced(String kind) {
    return !kind.equals(INGRESS_CLASS) && !kind.equals(INGRESS_PARAMETERS);
  }
}
