package dev.ingressc.normalize;

import dev.ingressc.load.Located;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.Map;
import java.util.Objects;

/**
 * The step {@code check} for an IngressClass: what selection and parameter resolution read of it
 * ({@link ClassSelector}, {@link ParametersResolver}), made once per IngressClass instance
 * ({@link CheckedObjects}).
 *
 * @param name metadata.name
 * @param source where it came from, for diagnostics
 * @param controller spec.controller, or null
 * @param isDefault whether it is annotated as the default class
 * @param parameters spec.parameters, or null
 */
record CheckedClass(String name, InputSource source, String controller, boolean isDefault, ParametersRef parameters) {
  /** spec.parameters as written; each field empty when unset. */
  record ParametersRef(String scope, String apiGroup, String kind, String name, String namespace) {
    /** Whether it names a ConfigMap in a namespace, which selection then reads. */
    boolean namesConfigMap() {
      return !namespace.isEmpty() && !name.isEmpty() && apiGroup.isEmpty() && "ConfigMap".equals(kind);
    }
  }

  static CheckedClass of(Located<IngressClass> located) {
    IngressClass c = located.value();
    Map<String, String> annotations = c.getMetadata() == null ? null : c.getMetadata().getAnnotations();
    boolean isDefault = annotations != null && "true".equals(annotations.get(ClassSelector.DEFAULT_CLASS_ANNOTATION));
    var spec = c.getSpec();
    var ref = spec == null ? null : spec.getParameters();
    ParametersRef parameters = ref == null ? null : new ParametersRef(text(ref.getScope()), text(ref.getApiGroup()),
        text(ref.getKind()), text(ref.getName()), text(ref.getNamespace()));
    return new CheckedClass(located.key().name(), InputSource.of(located), spec == null ? null : spec.getController(),
        isDefault, parameters);
  }

  private static String text(String s) {
    return Objects.toString(s, "");
  }
}
