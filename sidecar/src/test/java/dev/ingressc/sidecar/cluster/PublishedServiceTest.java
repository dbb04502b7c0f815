package dev.ingressc.sidecar.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which addresses of the {@code --publish-service} Service reach Ingress status, per Service type (as ingress-nginx). */
class PublishedServiceTest {
  private static ServiceBuilder service(String type) {
    return new ServiceBuilder().withNewMetadata().withName("ingressc").withNamespace("ingressc").endMetadata()
        .withNewSpec().withType(type).withClusterIP("10.96.0.50").endSpec();
  }

  private static List<String> addresses(Service s) {
    return PublishedService.addressesOf(s).stream().map(PublishedService::describe).toList();
  }

  @Test
  void aLoadBalancerGivesItsIngressPointsThenItsOtherExternalIpsAndNeverItsClusterIp() {
    assertThat(addresses(service("LoadBalancer").build())).isEmpty(); // pending
    Service assigned = service("LoadBalancer").editSpec().withExternalIPs("198.51.100.4", "203.0.113.7").endSpec()
        .withNewStatus().withNewLoadBalancer().withIngress(
            new LoadBalancerIngressBuilder().withIp("203.0.113.7").build(),
            new LoadBalancerIngressBuilder().withHostname("lb.example.net").build(),
            new LoadBalancerIngressBuilder().withIp("203.0.113.8").withHostname("lb2.example.net").build())
        .endLoadBalancer().endStatus().build();
    assertThat(addresses(assigned))
        .containsExactly("203.0.113.7", "lb.example.net", "203.0.113.8/lb2.example.net", "198.51.100.4");
  }

  @Test
  void aNodePortGivesItsExternalIpsElseItsClusterIp() {
    assertThat(addresses(service("NodePort").build())).containsExactly("10.96.0.50");
    assertThat(addresses(service("NodePort").editSpec().withExternalIPs("198.51.100.4").endSpec().build()))
        .containsExactly("198.51.100.4");
  }

  @Test
  void aClusterIpServiceGivesItsClusterIpOnlyAndAHeadlessOneNothing() {
    assertThat(addresses(service("ClusterIP").editSpec().withExternalIPs("198.51.100.4").endSpec().build()))
        .containsExactly("10.96.0.50");
    assertThat(addresses(service(null).build())).containsExactly("10.96.0.50"); // the default type
    assertThat(addresses(service("ClusterIP").editSpec().withClusterIP("None").endSpec().build())).isEmpty();
  }

  @Test
  void anExternalNameServiceGivesItsName() {
    assertThat(addresses(service("ExternalName").editSpec().withClusterIP(null).withExternalName("lb.example.org")
        .endSpec().build())).containsExactly("lb.example.org");
  }
}
