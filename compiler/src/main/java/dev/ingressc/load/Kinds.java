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

  /** The kinds read, for messages. */
  static final String READ = "Ingress, IngressClass, Service, EndpointSlice, Secret, ConfigMap and IngressParameters";

  private Kinds() {}

  /**
   * The kind read that {@code kind} is most likely a misspelling of (other case, or up to two
   * letters off), or null.
   */
  static String nearest(String kind) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : new java.util.TreeSet<>(API_VERSIONS.keySet())) {
      int d = k.equalsIgnoreCase(kind) ? 0 : distance(k.toLowerCase(java.util.Locale.ROOT), kind.toLowerCase(java.util.Locale.ROOT));
      if (d <= 2 && d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance, bounded by the short strings kinds are. */
  private static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 2) {
      return 3;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** IngressClass is cluster-scoped; IngressParameters may be either; the rest are namespaced. */
  static boolean alwaysNamespaced(String kind) {
    return !kind.equals(INGRESS_CLASS) && !kind.equals(INGRESS_PARAMETERS);
  }
}
