package dev.ingressc.ir;

/**
 * Where an IR element came from, for explanations and diagnostics.
 *
 * @param namespace the Ingress's namespace
 * @param name the Ingress's name
 * @param field the field path inside the Ingress, e.g. {@code spec.rules[0].http.paths[1]}
 */
public record Origin(String namespace, String name, String field) {

  public String ingress() {
    return namespace + "/" + name;
  }
}
