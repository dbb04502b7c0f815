package dev.ingressc.sidecar.cluster;

import dev.ingressc.sidecar.report.Log;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * Decides whether this replica writes status and Events: a coordination.k8s.io Lease held through
 * fabric8's LeaderElector. Every replica serves traffic; only the holder writes. The elector loops
 * by itself (renewing, or trying to acquire again after losing it) until {@link #close}, which
 * releases the Lease so another replica takes over at once.
 */
public final class LeaderGate implements AutoCloseable {
  private final KubernetesClient client;
  private final LeaderElectionConfig config;
  private final Runnable onLeading;
  private volatile boolean leader;
  private volatile boolean closed;
  private CompletableFuture<?> running;

  public LeaderGate(KubernetesClient client, String namespace, String leaseName, String identity,
      Duration leaseDuration, Runnable onLeading) {
    this.client = client;
    this.onLeading = onLeading;
    Duration renew = leaseDuration.multipliedBy(2).dividedBy(3);
    Duration retry = leaseDuration.dividedBy(5);
    this.config = new LeaderElectionConfig(new LeaseLock(namespace, leaseName, identity), leaseDuration, renew, retry,
        new LeaderCallbacks(this::started, this::stopped, who -> Log.info("leader", "lease", leaseName, "holder", who)),
        true, "ingressc");
  }

  /** A gate that is always open: leader election turned off. */
  public static LeaderGate alwaysLeader() {
    LeaderGate g = new LeaderGate(null, "", "", "", Duration.ofSeconds(15), () -> { });
    g.leader = true;
    return g;
  }

  public void start() {
    if (client == null) {
      return;
    }
    running = new LeaderElector(client, config, Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ingressc-leader-election");
      t.setDaemon(true);
      return t;
    })).start();
    running.whenComplete((ok, err) -> {
      leader = false;
      if (!closed) {
        Log.warn("leader_election_ended", "error", String.valueOf(err));
      }
    });
  }

  public boolean isLeader() {
    return leader;
  }

  private void started() {
    leader = true;
    Log.info("leading", "lease", config.getLock().describe());
    onLeading.run();
  }

  private void stopped() {
    leader = false;
    Log.info("not_leading", "lease", config.getLock().describe());
  }

  @Override
  public void close() {
    closed = true;
    if (running != null) {
      running.cancel(true); // releaseOnCancel: the Lease is handed back
    }
    leader = false;
  }
}
