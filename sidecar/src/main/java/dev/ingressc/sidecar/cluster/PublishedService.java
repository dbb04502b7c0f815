package dev.ingressc.sidecar.cluster;

import dev.ingressc.sidecar.report.Log;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Service {@code --publish-service NS/NAME} names, watched by an informer of its own: it may
 * live outside {@code --namespace}, and a change of its addresses (a load balancer assigned late,
 * or moved) must reach Ingress status even when nothing else changes.
 */
public final class PublishedService implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private SharedIndexInformer<Service> informer;

  /** @param ref {@code namespace/name} */
  public PublishedService(KubernetesClient client, String ref) {
    String[] nn = ref.split("/", -1);
    if (nn.length != 2 || nn[0].isEmpty() || nn[1].isEmpty()) {
      throw new IllegalArgumentException("--publish-service takes NAMESPACE/NAME, not '" + ref + "'");
    }
    this.client = client;
    this.namespace = nn[0];
    this.name = nn[1];
  }

  /** Lists and watches the Service; {@code onChange} runs after any change to it. */
  public void start(Runnable onChange) throws Exception {
    informer = client.services().inNamespace(namespace).withName(name).runnableInformer(0);
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Service s) {
        onChange.run();
      }

      @Override
      public void onUpdate(Service before, Service after) {
        onChange.run();
      }

      @Override
      public void onDelete(Service s, boolean finalStateUnknown) {
        onChange.run();
      }
    });
    informer.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
    Log.info("publish_service_watched", "service", namespace + "/" + name,
        "addresses", addresses().stream().map(PublishedService::describe).toList());
  }

  /** What the Service exposes now; empty while it does not exist (or before {@link #start}). */
  public List<IngressLoadBalancerIngress> addresses() {
    if (informer == null) {
      return List.of();
    }
    return informer.getStore().list().stream().findFirst().map(PublishedService::addressesOf).orElse(List.of());
  }

  /**
   * A Service's addresses by its type, as ingress-nginx's {@code --publish-service} does (its
   * documentation only says it "mirrors the address of this service"; this is what its status
   * code, statusAddressFromService, does): ExternalName its external name; ClusterIP its cluster
   * IP; NodePort its external IPs, else its cluster IP; LoadBalancer the ingress points of its
   * status (IP and host name both kept), then the external IPs not among them, and no cluster IP
   * fallback while the load balancer is pending. One deviation: a headless Service ({@code
   * clusterIP: None}) gives nothing, where ingress-nginx would write "None" as an IP.
   */
  static List<IngressLoadBalancerIngress> addressesOf(Service s) {
    var spec = s.getSpec();
    if (spec == null) {
      return List.of();
    }
    List<IngressLoadBalancerIngress> out = new ArrayList<>();
    List<String> externalIps = Optional.ofNullable(spec.getExternalIPs()).orElse(List.of());
    switch (Optional.ofNullable(spec.getType()).orElse("ClusterIP")) {
      case "ExternalName" -> out.add(hostname(spec.getExternalName()));
      case "NodePort" -> {
        if (externalIps.isEmpty()) {
          clusterIp(spec.getClusterIP()).ifPresent(out::add);
        } else {
          externalIps.forEach(ip -> out.add(ip(ip)));
        }
      }
      case "LoadBalancer" -> {
        List<LoadBalancerIngress> lb = s.getStatus() == null || s.getStatus().getLoadBalancer() == null
            ? List.of() : Optional.ofNullable(s.getStatus().getLoadBalancer().getIngress()).orElse(List.of());
        for (LoadBalancerIngress point : lb) {
          out.add(new IngressLoadBalancerIngressBuilder().withIp(blankToNull(point.getIp()))
              .withHostname(blankToNull(point.getHostname())).build());
        }
        for (String ip : externalIps) {
          if (out.stream().noneMatch(a -> ip.equals(a.getIp()) || ip.equals(a.getHostname()))) {
            out.add(ip(ip));
          }
        }
      }
      default -> clusterIp(spec.getClusterIP()).ifPresent(out::add);
    }
    return out.stream().filter(a -> a.getIp() != null || a.getHostname() != null).toList();
  }

  private static Optional<IngressLoadBalancerIngress> clusterIp(String ip) {
    return ip == null || ip.isBlank() || ip.equals("None") ? Optional.empty() : Optional.of(ip(ip));
  }

  private static IngressLoadBalancerIngress ip(String ip) {
    return new IngressLoadBalancerIngressBuilder().withIp(ip).build();
  }

  private static IngressLoadBalancerIngress hostname(String name) {
    return new IngressLoadBalancerIngressBuilder().withHostname(blankToNull(name)).build();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  static String describe(IngressLoadBalancerIngress a) {
    return a.getIp() == null ? a.getHostname() : a.getHostname() == null ? a.getIp() : a.getIp() + "/" + a.getHostname();
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.stop();
    }
  }
}
