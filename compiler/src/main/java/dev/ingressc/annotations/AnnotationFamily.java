package dev.ingressc.annotations;

/**
 * Keys that start with one prefix and belong to one owner that is not ingress-nginx.
 *
 * @param prefix the start of the key, e.g. {@code nginx.org/}
 * @param owner who reads these keys, e.g. {@code NGINX Inc's NGINX Ingress Controller}
 * @param metadataOnly the keys describe the object for other tools (cert-manager, Helm, Argo CD)
 *     and ask nothing of an ingress controller: they are accounted for silently
 */
public record AnnotationFamily(String prefix, String owner, boolean metadataOnly) {

  public boolean covers(String key) {
    return key.startsWith(prefix);
  }
}
