package dev.ingressc.normalize;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;

/**
 * Part of the step {@code check} for an Ingress: the IngressClass it asks for, read from the
 * fabric8 object ({@link CheckedIngress} keeps it as a {@link ClassSelector.Request}).
 */
public final class ClassRequests {
  private ClassRequests() {}

  /** The class the Ingress asks for and the field that asks. */
  static ClassSelector.Request of(Ingress i) {
    String field = i.getSpec() != null && i.getSpec().getIngressClassName() != null
        && !i.getSpec().getIngressClassName().isEmpty()
        ? "spec.ingressClassName" : "metadata.annotations[" + ClassSelector.CLASS_ANNOTATION + "]";
    return new ClassSelector.Request(requestedClass(i), field);
  }

  /** The class the Ingress asks for: the field, else the legacy annotation; empty when neither. */
  public static String requestedClass(Ingress i) {
    String field = i.getSpec() == null ? null : i.getSpec().getIngressClassName();
    if (field != null && !field.isEmpty()) {
      return field;
    }
    Map<String, String> annotations = i.getMetadata().getAnnotations();
    String annotation = annotations == null ? null : annotations.get(ClassSelector.CLASS_ANNOTATION);
    return annotation == null ? "" : annotation;
  }
}
