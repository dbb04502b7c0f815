package dev.ingressc.sidecar;

import dev.ingressc.emit.Emitter;
import dev.ingressc.emit.Emitters;
import dev.ingressc.emit.nginx.NginxEmitter;
import dev.ingressc.emit.nginx.NginxFormat;
import dev.ingressc.sidecar.apply.Applier;
import dev.ingressc.sidecar.apply.ApplierSettings;
import dev.ingressc.sidecar.apply.Binaries;
import dev.ingressc.sidecar.apply.HaproxyApplier;
import dev.ingressc.sidecar.apply.NginxApplier;
import dev.ingressc.sidecar.apply.NginxLuaApplier;
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
import dev.ingressc.sidecar.xds.XdsPublisher;
import dev.ingressc.sidecar.xds.XdsServer;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code ingressc run}: a source (folder or cluster), the debounced reconcile loop, the proxy's
 * applier, the admin endpoint and, in cluster mode, status, Events and leader election, wired
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
  private Applier applier;
  private volatile Reconciler reconciler; // read by the proxy supervisor and gRPC threads
  private AdminServer admin;
  private XdsServer xdsServer;
  static final String ENVOY = "envoy";
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
    boolean envoy = config.target().equals(ENVOY);
    Emitter emitter = Emitters.available().get(config.target());
    if (!envoy && (emitter == null || !(config.target().equals("nginx") || config.target().equals("haproxy")))) {
      throw new IllegalArgumentException("ingressc run supports --target nginx, haproxy or envoy, not '"
          + config.target() + "'");
    }
    if (config.format().isPresent() && !config.target().equals("nginx")) {
      throw new IllegalArgumentException("ingressc run --format is for --target nginx (native or lua)");
    }
    String binary = "none (Envoy connects over xDS)";
    Generations generations = null;
    if (envoy) {
      xdsServer = new XdsServer(config.xdsAddress(), config.xdsPort(), metrics, this::xdsServed);
    } else {
      binary = config.proxyBinary().or(() -> Binaries.find(config.target()))
          .orElseThrow(() -> new IllegalArgumentException("no " + config.target() + " executable on PATH;"
              + " give one with --proxy-binary"));
      generations = new Generations(config.workDir());
      ApplierSettings settings = new ApplierSettings(binary, generations.current(), generations.runtime(),
          config.httpPort(), config.proxyPidFile(), config.drain(), config.reloadTimeout(), this::proxyRestarted);
      if (config.target().equals("nginx")) {
        boolean lua = NginxFormat.parse(config.format()) == NginxFormat.LUA;
        emitter = lua ? new NginxEmitter(NginxFormat.LUA) : emitter;
        applier = lua ? new NginxLuaApplier(settings) : new NginxApplier(settings);
      } else {
        applier = new HaproxyApplier(settings, config.runtimeApi());
      }
    }
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
    reconciler = envoy
        ? new Reconciler(source, config.compileOptions(),
            new XdsPublisher(xdsServer, config.httpPort(), config.httpsPort()), xdsServer, metrics, listener)
        : new Reconciler(source, config.compileOptions(), emitter, applier, generations, config.httpPort(),
            config.httpsPort(), metrics, listener);
    if (config.metricsPort().isPresent()) {
      admin = new AdminServer(config.metricsAddress(), config.metricsPort().get(), metrics, () -> !closed,
          reconciler::ready);
    }
    Debouncer debouncer = new Debouncer(debounceTimer, config.debounce(), config.maxDelay(), reconciler::request);
    Log.info("starting", "target", config.target(), "source", source.describe(),
        "work_dir", generations == null ? "none" : generations.root(),
        "http_port", config.httpPort(), "https_port", config.httpsPort(), "binary", binary,
        "xds", xdsServer == null ? "off" : config.xdsAddress() + ":" + xdsServer.port(),
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

  /** Envoy: the xDS server's port. */
  public Optional<Integer> xdsPort() {
    return Optional.ofNullable(xdsServer).map(XdsServer::port);
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
    if (applier != null) {
      applier.close();
    }
    if (xdsServer != null) {
      xdsServer.close();
    }
    if (admin != null) {
      admin.close();
    }
    Log.info("stopped");
    stopped.countDown();
  }
}
