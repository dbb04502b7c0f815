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

  /** The fabric8 model class of each kind read straight into its type (IngressParameters stays a tree). */
  static final Map<String, Class<?>> MODEL_TYPES =
      Map.of(
          INGRESS, io.fabric8.kubernetes.api.model.networking.v1.Ingress.class,
          INGRESS_CLASS, io.fabric8.kubernetes.api.model.networking.v1.IngressClass.class,
          SERVICE, io.fabric8.kubernetes.api.model.Service.class,
          ENDPOINT_SLICE, io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice.class,
          SECRET, io.fabric8.kubernetes.api.model.Secret.class,
          CONFIG_MAP, io.fabric8.kubernetes.api.model.ConfigMap.class);

  private Kinds() {}

  /** IngressClass is cluster-scoped; IngressParameters may be either; the rest are namespaced. */
  static boolean alwaysNamespaced(String kind) {
    return !kind.equals(INGRESS_CLASS) && !kind.equals(INGRESS_PARAMETERS);
  }
}
