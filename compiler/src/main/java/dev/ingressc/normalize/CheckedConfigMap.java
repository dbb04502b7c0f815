package dev.ingressc.normalize;

import dev.ingressc.load.Located;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The step {@code check} for a ConfigMap an IngressClass names as its parameters: its data, by key
 * (values may be null, as written), and where it came from ({@link ParametersResolver} reads it).
 */
record CheckedConfigMap(InputSource source, Map<String, String> data) {
  static CheckedConfigMap of(Located<ConfigMap> located) {
    Map<String, String> data = located.value().getData();
    return new CheckedConfigMap(InputSource.of(located),
        data == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(data)));
  }
}
