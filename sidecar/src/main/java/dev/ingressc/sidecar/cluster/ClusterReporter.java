package dev.ingressc.sidecar.cluster;

import dev.ingressc.Compiler.Compilation;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.sidecar.ReconcileListener;
import dev.ingressc.sidecar.source.ClusterSource;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import dev.ingressc.sidecar.report.Log;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * What the loop did, told to the cluster: Ingress status after the proxy serves a configuration,
 * {@code Warning Rejected} Events on Ingresses the compiler rejected (once per distinct problem),
 * both by the leader only; and {@code Warning ReloadFailed} / {@code ValidationFailed} Events on
 * this replica's Pod, by every replica, since each proxy fails on its own.
 *
 * <p>Status is written on a thread of its own, newest state first: the first pass over 10,000
 * Ingresses writes 10,000 statuses, and the next configuration change must not wait for them.
 * Several passes served while a write runs fold into one write of the latest state.
 */
public final class ClusterReporter implements ReconcileListener, AutoCloseable {
  private static final String INGRESS = "Ingress ";

  private final ClusterSource source;
  private final StatusPublisher status;
  private final EventRecorder events;
  private final LeaderGate leader;
  private final String podNamespace;
  private final Optional<String> podName;
  private final Map<String, String> rejectionsReported = new HashMap<>();
  private final ExecutorService statusWriter = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "ingressc-status");
    t.setDaemon(true);
    return t;
  });
  /** The served Ingresses not written yet; null when no write is pending. */
  private final AtomicReference<Set<String>> pendingStatus = new AtomicReference<>();

  public ClusterReporter(ClusterSource source, StatusPublisher status, EventRecorder events, LeaderGate leader,
      String podNamespace, Optional<String> podName) {
    this.source = source;
    this.status = status;
    this.events = events;
    this.leader = leader;
    this.podNamespace = podNamespace;
    this.podName = podName;
  }

  @Override
  public void compiled(Compilation c) {
    Map<String, String> rejected = new TreeMap<>();
    for (Diagnostic d : c.diagnostics().list()) {
      if (d.severity() == Severity.ERROR && d.object().startsWith(INGRESS)) {
        String key = d.object().substring(INGRESS.length());
        rejected.merge(key, (d.field().isEmpty() ? "" : d.field() + ": ") + d.message(), (a, b) -> a + "; " + b);
      }
    }
    rejectionsReported.keySet().retainAll(rejected.keySet());
    if (!leader.isLeader()) {
      return;
    }
    Map<String, Ingress> cached = source.ingresses().stream().collect(Collectors.toMap(
        i -> i.getMetadata().getNamespace() + "/" + i.getMetadata().getName(), i -> i, (a, b) -> a));
    rejected.forEach((key, message) -> {
      if (message.equals(rejectionsReported.get(key))) {
        return;
      }
      rejectionsReported.put(key, message);
      Ingress i = cached.get(key);
      String[] nn = key.split("/", 2);
      events.warning(EventRecorder.ingress(nn[0], nn[1], i == null ? null : i.getMetadata().getUid()), "Rejected",
          "ingressc rejected this Ingress, so it is not served: " + message);
    });
  }

  @Override
  public void served(Compilation c, long generation) {
    if (leader.isLeader() && status.enabled()
        && pendingStatus.getAndSet(new HashSet<>(c.takenIngresses())) == null) {
      try {
        statusWriter.execute(this::writeStatus);
      } catch (RejectedExecutionException e) {
        // closing: status is not written any more
      }
    }
  }

  private void writeStatus() {
    Set<String> served = pendingStatus.getAndSet(null);
    try {
      if (served != null && leader.isLeader()) {
        status.publish(source.ingresses(), served);
      }
    } catch (RuntimeException e) {
      Log.warn("status_failed", "error", String.valueOf(e));
    }
  }

  /** Stops writing status; a write under way is abandoned (the next leader's first pass writes it). */
  @Override
  public void close() {
    statusWriter.shutdownNow();
  }

  @Override
  public void failed(String stage, String message, Compilation c) {
    podName.ifPresent(pod -> events.warning(EventRecorder.pod(podNamespace, pod),
        stage.equals("validation") ? "ValidationFailed" : "ReloadFailed",
        "the proxy keeps serving its previous configuration: " + message));
  }
}
