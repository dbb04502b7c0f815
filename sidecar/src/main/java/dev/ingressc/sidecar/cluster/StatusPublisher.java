package dev.ingressc.sidecar.cluster;

import dev.ingressc.sidecar.report.Log;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerStatus;
import io.fabric8.kubernetes.api.model.networking.v1.IngressStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes {@code status.loadBalancer.ingress} of the Ingresses the proxy serves, and clears it on
 * Ingresses that are no longer ours (their status still holds exactly our addresses). It compares
 * before writing, so an unchanged state costs no API call.
 */
public final class StatusPublisher {
  private static final Pattern IP = Pattern.compile("^[0-9.]+$|^[0-9a-fA-F:]+:[0-9a-fA-F:.]*$");

  private final KubernetesClient client;
  private final List<String> publishAddresses;
  private final Optional<String> publishService;

  public StatusPublisher(KubernetesClient client, List<String> publishAddresses, Optional<String> publishService) {
    this.client = client;
    this.publishAddresses = List.copyOf(publishAddresses);
    this.publishService = publishService;
  }

  public boolean enabled() {
    return !publishAddresses.isEmpty() || publishService.isPresent();
  }

  /**
   * @param cached every Ingress in the watch cache
   * @param served {@code namespace/name} of the Ingresses the proxy serves
   */
  public void publish(Collection<Ingress> cached, Set<String> served) {
    List<IngressLoadBalancerIngress> ours = addresses();
    if (ours.isEmpty()) {
      return;
    }
    for (Ingress i : cached) {
      String key = i.getMetadata().getNamespace() + "/" + i.getMetadata().getName();
      List<IngressLoadBalancerIngress> have = current(i);
      if (served.contains(key)) {
        if (!names(have).equals(names(ours))) {
          write(i, ours);
        }
      } else if (!have.isEmpty() && names(have).equals(names(ours))) {
        write(i, List.of());
      }
    }
  }

  /** The addresses alone: the API server may fill other fields (ports) that do not matter here. */
  private static List<String> names(List<IngressLoadBalancerIngress> l) {
    return l.stream().map(a -> a.getIp() != null ? a.getIp() : String.valueOf(a.getHostname())).toList();
  }

  private static List<IngressLoadBalancerIngress> current(Ingress i) {
    return Optional.ofNullable(i.getStatus()).map(IngressStatus::getLoadBalancer)
        .map(IngressLoadBalancerStatus::getIngress).orElse(List.of());
  }

  private void write(Ingress i, List<IngressLoadBalancerIngress> addresses) {
    String ns = i.getMetadata().getNamespace();
    String name = i.getMetadata().getName();
    try {
      client.network().v1().ingresses().inNamespace(ns).withName(name).editStatus(live -> {
        IngressStatus status = new IngressStatus(new IngressLoadBalancerStatus(new ArrayList<>(addresses)));
        live.setStatus(status);
        return live;
      });
      Log.info("status_written", "ingress", ns + "/" + name,
          "addresses", addresses.stream().map(a -> a.getIp() != null ? a.getIp() : a.getHostname()).toList());
    } catch (KubernetesClientException e) {
      Log.warn("status_write_failed", "ingress", ns + "/" + name, "code", e.getCode(), "error", e.getMessage());
    }
  }

  /** The addresses to publish: --publish-address, or what the --publish-service Service exposes. */
  List<IngressLoadBalancerIngress> addresses() {
    Set<String> raw = new LinkedHashSet<>(publishAddresses);
    publishService.ifPresent(ref -> raw.addAll(serviceAddresses(ref)));
    return raw.stream().map(StatusPublisher::entry).toList();
  }

  private List<String> serviceAddresses(String ref) {
    String[] nn = ref.split("/", 2);
    Service s;
    try {
      s = client.services().inNamespace(nn[0]).withName(nn[1]).get();
    } catch (KubernetesClientException e) {
      Log.warn("publish_service_unreadable", "service", ref, "error", e.getMessage());
      return List.of();
    }
    if (s == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if ("ExternalName".equals(s.getSpec().getType())) {
      out.add(s.getSpec().getExternalName());
      return out;
    }
    if (s.getStatus() != null && s.getStatus().getLoadBalancer() != null
        && s.getStatus().getLoadBalancer().getIngress() != null) {
      s.getStatus().getLoadBalancer().getIngress()
          .forEach(lb -> out.add(lb.getIp() != null ? lb.getIp() : lb.getHostname()));
    }
    if (s.getSpec().getExternalIPs() != null) {
      out.addAll(s.getSpec().getExternalIPs());
    }
    if (out.isEmpty() && s.getSpec().getClusterIP() != null && !"None".equals(s.getSpec().getClusterIP())) {
      out.add(s.getSpec().getClusterIP()); // a ClusterIP Service: reachable in the cluster only
    }
    return out;
  }

  private static IngressLoadBalancerIngress entry(String address) {
    return IP.matcher(address).matches() ? new IngressLoadBalancerIngressBuilder().withIp(address).build()
        : new IngressLoadBalancerIngressBuilder().withHostname(address).build();
  }
}
