package dev.ingressc.load;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One object read from the input, not yet typed or validated.
 *
 * @param apiVersion e.g. {@code networking.k8s.io/v1}
 * @param key kind, namespace ({@code default} filled in for namespaced kinds) and name
 * @param node the object as parsed
 * @param source where it was read from
 */
public record LoadedObject(String apiVersion, ObjectKey key, ObjectNode node, ObjectSource source) {

  public String kind() {
    return key.kind();
  }
}
