package dev.ingressc.sidecar.cluster;

import dev.ingressc.sidecar.report.Log;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerStatus;
import io.fabric8.kubernetes.api.model.networking.v1.IngressStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes {@code status.loadBalancer.ingress} of the Ingresses the proxy serves, and clears it on
 * Ingresses that are no longer ours (their status still holds exactly our addresses). It compares
 * before writing, so an unchanged state costs no API call. The addresses are either the fixed
 * {@code --publish-address} list or what the {@code --publish-service} Service exposes now (the
 * two are mutually exclusive, as in ingress-nginx).
 */
public final class StatusPublisher {
  private static final Pattern IP = Pattern.compile("^[0-9.]+$|^[0-9a-fA-F:]+:[0-9a-fA-F:.]*$");

  private final KubernetesClient client;
  private final List<IngressLoadBalancerIngress> fixed;
  private final Optional<PublishedService> service;

  public StatusPublisher(KubernetesClient client, List<String> publishAddresses, Optional<PublishedService> service) {
    this.client = client;
    this.fixed = publishAddresses.stream().map(StatusPublisher::entry).toList();
    this.service = service;
  }

  public boolean enabled() {
    return !fixed.isEmpty() || service.isPresent();
  }

  /**
   * @param cached every Ingress in the watch cache
   * @param served {@code namespace/name} of the Ingresses the proxy serves
   */
  public void publish(Collection<Ingress> cached, Set<String> served) {
    List<IngressLoadBalancerIngress> ours = addresses();
    if (ours.isEmpty()) {
      return; // e.g. a load balancer not yet assigned: leave what is there
    }
    for (Ingress i : cached) {
      String key = i.getMetadata().getNamespace() + "/" + i.getMetadata().getName();
      List<IngressLoadBalancerIngress> have = current(i);
      if (served.contains(key)) {
        if (!same(have, ours)) {
          write(i, ours);
        }
      } else if (!have.isEmpty() && same(have, ours)) {
        write(i, List.of());
      }
    }
  }

  /**
   * The addresses alone, in any order: the API server may fill other fields (ports) that do not
   * matter here.
   */
  private static boolean same(List<IngressLoadBalancerIngress> a, List<IngressLoadBalancerIngress> b) {
    return keys(a).equals(keys(b));
  }

  private static List<String> keys(List<IngressLoadBalancerIngress> l) {
    return l.stream().map(a -> a.getIp() + "|" + a.getHostname()).sorted().toList();
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
          "addresses", addresses.stream().map(PublishedService::describe).toList());
    } catch (KubernetesClientException e) {
      Log.warn("status_write_failed", "ingress", ns + "/" + name, "code", e.getCode(), "error", e.getMessage());
    }
  }

  /** The addresses to publish: --publish-address, or what the --publish-service Service exposes now. */
  List<IngressLoadBalancerIngress> addresses() {
    return service.map(PublishedService::addresses).orElse(fixed);
  }

  private static IngressLoadBalancerIngress entry(String address) {
    return IP.matcher(address).matches() ? new IngressLoadBalancerIngressBuilder().withIp(address).build()
        : new IngressLoadBalancerIngressBuilder().withHostname(address).build();
  }
}
