package dev.ingressc.sidecar;

import dev.ingressc.emit.live.FileTarget;
import dev.ingressc.emit.live.LiveEvents;
import dev.ingressc.emit.live.LiveSettings;
import dev.ingressc.emit.live.LiveTarget;
import dev.ingressc.emit.live.LiveTargets;
import dev.ingressc.emit.live.PushTarget;
import dev.ingressc.sidecar.cluster.ClusterReporter;
import dev.ingressc.sidecar.cluster.EventRecorder;
import dev.ingressc.sidecar.cluster.LeaderGate;
import dev.ingressc.sidecar.cluster.PublishedService;
import dev.ingressc.sidecar.cluster.StatusPublisher;
import dev.ingressc.sidecar.report.AdminServer;
import dev.ingressc.sidecar.report.Log;
import dev.ingressc.sidecar.report.Metrics;
import dev.ingressc.sidecar.source.ClusterSource;
import dev.ingressc.sidecar.source.FileSource;
import dev.ingressc.sidecar.source.InputSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code ingressc run}: a source (folder or cluster), the debounced reconcile loop, the target
 * (found by name through {@link LiveTargets}; the sidecar knows only the target API), the admin endpoint and, in cluster mode, status, Events and leader election, wired
 * together. {@link #close} is the graceful shutdown: stop watching, finish the pass in progress,
 * let the proxy drain, stop.
 */
public final class Sidecar implements AutoCloseable {
  private final SidecarConfig config;
  private final Metrics metrics = new Metrics();
  private final ScheduledExecutorService debounceTimer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ingressc-debounce");
    t.setDaemon(true);
    return t;
  });
  private final CountDownLatch stopped = new CountDownLatch(1);
  private InputSource source;
  private LiveTarget target;
  private volatile Reconciler reconciler; // read by the proxy supervisor and gRPC threads
  private AdminServer admin;
  private LeaderGate leader;
  private PublishedService publishedService;
  private ClusterReporter reporter;
  private boolean closed;

  private Sidecar(SidecarConfig config) {
    this.config = config;
  }

  /** Starts everything and returns; the first configuration is applied in the background. */
  public static Sidecar start(SidecarConfig config) throws Exception {
    Sidecar s = new Sidecar(config);
    try {
      s.startAll();
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void startAll() throws Exception {
    Map<String, LiveTarget.Factory> targets = LiveTargets.available();
    LiveTarget.Factory factory = targets.get(config.target());
    if (factory == null) {
      throw new IllegalArgumentException("ingressc run supports --target "
          + String.join(", ", targets.keySet()).replaceFirst(", ([^,]*)$", " or $1") + ", not '" + config.target() + "'");
    }
    Generations generations = factory.readsFiles() ? new Generations(config.workDir()) : null;
    target = factory.open(new LiveSettings(config.proxyBinary(),
        generations == null ? null : generations.current(), generations == null ? null : generations.runtime(),
        config.httpPort(), config.httpsPort(), config.proxyPidFile(), config.drain(), config.reloadTimeout(),
        config.format(), config.runtimeApi(), config.xdsAddress(), config.xdsPort(), Log::write, events()));
    ReconcileListener listener = new ReconcileListener() {};
    if (config.cluster().isPresent()) {
      ClusterConfig cc = config.cluster().get();
      ClusterSource cluster = new ClusterSource(cc.client(), cc.namespace());
      source = cluster;
      leader = cc.leaderElection()
          ? new LeaderGate(cc.client(), cc.electionNamespace(), cc.leaseName(), cc.identity(), cc.leaseDuration(),
              this::requestPass)
          : LeaderGate.alwaysLeader();
      publishedService = cc.publishService().map(ref -> new PublishedService(cc.client(), ref)).orElse(null);
      reporter = new ClusterReporter(cluster, new StatusPublisher(cc.client(), cc.publishAddresses(),
          Optional.ofNullable(publishedService)), new EventRecorder(cc.client(), cc.identity()), leader,
          cc.electionNamespace(), cc.podName());
      listener = reporter;
    } else {
      source = new FileSource(config.files());
    }
    reconciler = target instanceof FileTarget files
        ? new Reconciler(source, config.compileOptions(), files, generations, config.httpPort(),
            config.httpsPort(), metrics, listener)
        : new Reconciler(source, config.compileOptions(), (PushTarget) target, metrics, listener);
    if (config.metricsPort().isPresent()) {
      admin = new AdminServer(config.metricsAddress(), config.metricsPort().get(), metrics, () -> !closed,
          reconciler::ready);
    }
    Debouncer debouncer = new Debouncer(debounceTimer, config.debounce(), config.maxDelay(), reconciler::request);
    Log.info("starting", "target", config.target(), "source", source.describe(),
        "work_dir", generations == null ? "none" : generations.root(),
        "http_port", config.httpPort(), "https_port", config.httpsPort(), "binary", target.describe(),
        "xds", target instanceof PushTarget p ? config.xdsAddress() + ":" + p.port() : "off",
        "metrics_port", admin == null ? "off" : admin.port());
    if (publishedService != null) {
      publishedService.start(debouncer::signal); // a new address is a pass, which writes it
    }
    source.start(debouncer::signal);
    if (leader != null) {
      leader.start();
    }
    reconciler.request(); // the first pass needs no change
  }

  /** What a running target tells the loop. */
  private LiveEvents events() {
    return new LiveEvents() {
      @Override
      public void proxyRestarted() {
        Sidecar.this.proxyRestarted();
      }

      @Override
      public void pushServed() {
        xdsServed();
      }

      @Override
      public void pushRefused() {
        metrics.xdsNack();
      }
    };
  }

  private void requestPass() {
    if (reconciler != null) {
      reconciler.request();
    }
  }

  /** An Envoy node has ACKed the current snapshot: status may be written now. */
  private void xdsServed() {
    if (reconciler != null) {
      reconciler.deliveryConfirmed();
    }
  }

  private void proxyRestarted() {
    metrics.proxyRestarted();
    if (reconciler != null) {
      reconciler.proxyRestarted(); // retries a candidate the dead proxy refused
    }
  }

  public Metrics metrics() {
    return metrics;
  }

  /** Whether the proxy has served a configuration. */
  public boolean ready() {
    return reconciler != null && reconciler.ready();
  }

  /** A push target (Envoy): the port its xDS server listens on. */
  public Optional<Integer> xdsPort() {
    return target instanceof PushTarget p ? Optional.of(p.port()) : Optional.empty();
  }

  /** The admin endpoint's port, when it runs. */
  public Optional<Integer> adminPort() {
    return Optional.ofNullable(admin).map(AdminServer::port);
  }

  public boolean leading() {
    return leader != null && leader.isLeader();
  }

  /** Blocks until {@link #close} has finished (the CLI waits here). */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Log.info("stopping");
    if (source != null) {
      source.close();
    }
    if (publishedService != null) {
      publishedService.close();
    }
    if (reporter != null) {
      reporter.close();
    }
    debounceTimer.shutdownNow();
    if (reconciler != null) {
      reconciler.close();
    }
    if (leader != null) {
      leader.close();
    }
    if (target != null) {
      target.close();
    }
    if (admin != null) {
      admin.close();
    }
    Log.info("stopped");
    stopped.countDown();
  }
}
