package dev.ingressc.load;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One object read from the input, not yet validated.
 *
 * @param apiVersion e.g. {@code networking.k8s.io/v1}
 * @param key kind, namespace ({@code default} filled in for namespaced kinds) and name
 * @param node the object as a tree, or null when it was read straight into its model type
 * @param typed the object as its fabric8 model type, or null when only the tree was read
 * @param source where it was read from
 */
public record LoadedObject(String apiVersion, ObjectKey key, ObjectNode node, Object typed, ObjectSource source) {

  public LoadedObject {
    if ((node == null) == (typed == null)) {
      throw new IllegalArgumentException("exactly one of node and typed must be given");
    }
  }

  public String kind() {
    return key.kind();
  }
}
