package dev.ingressc.load;

/**
 * Identity of an input object.
 *
 * @param kind e.g. {@code Ingress}
 * @param namespace empty for cluster-scoped objects
 * @param name the object's name
 */
public record ObjectKey(String kind, String namespace, String name) implements Comparable<ObjectKey> {

  /** {@code Ingress default/web}, or {@code IngressClass nginx} when cluster-scoped. */
  public String display() {
    return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }

  /** Kind and namespace are mostly the same shared strings (see {@code Loader}): those compare by identity first. */
  @Override
  public int compareTo(ObjectKey o) {
    int c = kind == o.kind ? 0 : kind.compareTo(o.kind);
    if (c == 0) c = namespace == o.namespace ? 0 : namespace.compareTo(o.namespace);
    if (c == 0) c = name.compareTo(o.name);
    return c;
  }

  @Override
  public String toString() {
    return display();
  }
}
