package dev.ingressc.annotations;

import java.util.List;

/**
 * The prefixes of other controllers and of metadata-only tools, in the order
 * {@link AnnotationTable#family} tries them: the part of the table that is not ingress-nginx's.
 */
final class AnnotationFamilies {
  static final List<AnnotationFamily> ALL = List.of(
      other("nginx.org/", "NGINX Inc's NGINX Ingress Controller"),
      other("nginx.com/", "NGINX Inc's NGINX Ingress Controller"),
      other("appprotect.f5.com/", "NGINX Inc's NGINX Ingress Controller (App Protect)"),
      other("haproxy.org/", "the HAProxy Kubernetes Ingress Controller (haproxytech)"),
      other("haproxy.com/", "the HAProxy Kubernetes Ingress Controller (haproxytech)"),
      other("haproxy-ingress.github.io/", "HAProxy Ingress (jcmoraisjr)"),
      other("ingress.kubernetes.io/", "HAProxy Ingress, Voyager or Traefik 1 (the unprefixed legacy keys)"),
      other("traefik.ingress.kubernetes.io/", "Traefik"),
      other("traefik.frontend.", "Traefik 1"),
      other("alb.ingress.kubernetes.io/", "the AWS Load Balancer Controller"),
      other("appgw.ingress.kubernetes.io/", "the Azure Application Gateway Ingress Controller"),
      other("kubernetes.io/ingress.global-static-ip-name", "GKE Ingress"),
      other("kubernetes.io/ingress.regional-static-ip-name", "GKE Ingress"),
      other("kubernetes.io/ingress.allow-http", "GKE Ingress"),
      other("ingress.gcp.kubernetes.io/", "GKE Ingress"),
      other("networking.gke.io/", "GKE Ingress"),
      other("cloud.google.com/", "GKE Ingress"),
      other("projectcontour.io/", "Contour"),
      other("contour.heptio.com/", "Contour"),
      other("konghq.com/", "Kong"),
      other("getambassador.io/", "Emissary-ingress"),
      other("zalando.org/", "Skipper"),
      other("ingress.cilium.io/", "Cilium"),
      other("ingress.citrix.com/", "the Citrix ingress controller"),
      metadata("cert-manager.io/", "cert-manager"),
      metadata("acme.cert-manager.io/", "cert-manager"),
      metadata("certmanager.k8s.io/", "cert-manager (legacy)"),
      metadata("kubernetes.io/tls-acme", "cert-manager's ingress-shim (legacy)"),
      metadata("external-dns.alpha.kubernetes.io/", "external-dns"),
      metadata("kubectl.kubernetes.io/", "kubectl"),
      metadata("kubernetes.io/change-cause", "kubectl"),
      metadata("meta.helm.sh/", "Helm"),
      metadata("helm.sh/", "Helm"),
      metadata("argocd.argoproj.io/", "Argo CD"),
      metadata("fluxcd.io/", "Flux"),
      metadata("kustomize.toolkit.fluxcd.io/", "Flux"),
      metadata("config.kubernetes.io/", "kustomize"),
      metadata("kapp.k14s.io/", "kapp"),
      metadata("field.cattle.io/", "Rancher"));

  private AnnotationFamilies() {}

  private static AnnotationFamily other(String prefix, String owner) {
    return new AnnotationFamily(prefix, owner, false);
  }

  private static AnnotationFamily metadata(String prefix, String owner) {
    return new AnnotationFamily(prefix, owner, true);
  }
}
