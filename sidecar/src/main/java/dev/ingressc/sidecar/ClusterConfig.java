package dev.ingressc.sidecar;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Cluster mode.
 *
 * @param client the API client (from --kubeconfig, else in-cluster)
 * @param namespace limit the watch to one namespace; empty watches all
 * @param publishAddresses written to our Ingresses' status (IPs or host names)
 * @param publishService {@code namespace/name} of a Service whose addresses are written instead;
 *     mutually exclusive with {@code publishAddresses}, as in ingress-nginx
 * @param leaderElection whether replicas elect one status writer (off: this replica writes)
 * @param electionNamespace where the Lease lives (and the Pod, for Events)
 * @param leaseName the Lease's name
 * @param identity this replica's name in the Lease
 * @param leaseDuration how long a leader's lease lasts without renewal
 * @param podName this replica's Pod, the object of failed-reload Events
 */
public record ClusterConfig(
    KubernetesClient client,
    Optional<String> namespace,
    List<String> publishAddresses,
    Optional<String> publishService,
    boolean leaderElection,
    String electionNamespace,
    String leaseName,
    String identity,
    Duration leaseDuration,
    Optional<String> podName) {

  public ClusterConfig {
    publishAddresses = List.copyOf(publishAddresses);
    if (!publishAddresses.isEmpty() && publishService.isPresent()) {
      throw new IllegalArgumentException("--publish-address and --publish-service are mutually exclusive");
    }
  }
}
