package dev.ingressc.cli;

import dev.ingressc.sidecar.ClusterConfig;
import dev.ingressc.sidecar.Sidecar;
import dev.ingressc.sidecar.SidecarConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run next to a proxy: watch a folder (-f DIR --watch) or a cluster, recompile on every change,",
        "check the candidate with the proxy, switch to it atomically and reload (nginx: SIGHUP; HAProxy: hitless",
        "master reload, or the runtime API for endpoint-only changes). A candidate the proxy refuses is never",
        "applied. With --target envoy it serves xDS (ADS) on --xds-port instead: every change becomes a new",
        "snapshot, and only the resource types that changed get new versions. Runs until SIGTERM."},
    footer = {"", "Examples:",
        "  ingressc run --target nginx -f examples/simple-fanout --watch --http-port 8080 --https-port 8443",
        "  ingressc run --target haproxy --kubeconfig ~/.kube/config --publish-service ingressc/ingressc",
        "  ingressc run --target nginx --work-dir /etc/ingressc --proxy-pid-file /etc/ingressc/runtime/nginx.pid",
        "  ingressc run --target envoy -f examples/simple-fanout --watch --xds-port 18000 --http-port 8080",
        "    (Envoy's bootstrap: ingressc compile --target envoy --xds 127.0.0.1:18000 -o out/envoy)",
        "", "Endpoints on --metrics-port: /healthz, /readyz (ready once a configuration is served), /metrics."})
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CompileFlags flags;

  @Option(names = {"-t", "--target"}, required = true, paramLabel = "TARGET", description = "nginx, haproxy or envoy (over xDS).")
  String target;

  @Option(names = {"-f", "--filename"}, paramLabel = "PATH",
      description = "File mode: manifests to watch (files or directories, repeatable); needs --watch. Without -f"
          + " the objects come from the cluster.")
  List<String> files = new ArrayList<>();

  @Option(names = "--watch", description = "Watch the -f paths and apply every change.")
  boolean watch;

  @Option(names = "--kubeconfig", paramLabel = "PATH",
      description = "Cluster mode: the kubeconfig to use (default: in-cluster, else ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--namespace", paramLabel = "NS", description = "Watch only this namespace (default: all).")
  String namespace;

  @Mixin ListenPorts ports;

  @Option(names = "--work-dir", defaultValue = ".ingressc", paramLabel = "DIR",
      description = "Generations, the current link, and the proxy's runtime files (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--metrics-port", defaultValue = "10254", paramLabel = "PORT",
      description = "/healthz, /readyz and /metrics (default: ${DEFAULT-VALUE}; 0 picks a free port).")
  int metricsPort;

  @Option(names = "--metrics-address", defaultValue = "0.0.0.0", paramLabel = "ADDR",
      description = "Address the metrics endpoint binds (default: ${DEFAULT-VALUE}).")
  String metricsAddress;

  @Option(names = "--xds-port", defaultValue = "18000", paramLabel = "PORT",
      description = "envoy: the xDS (ADS) gRPC port Envoy connects to (default: ${DEFAULT-VALUE}; 0 picks a free port).")
  int xdsPort;

  @Option(names = "--xds-address", defaultValue = "0.0.0.0", paramLabel = "ADDR",
      description = "envoy: the address the xDS server binds (default: ${DEFAULT-VALUE}; 127.0.0.1 when Envoy"
          + " runs in the same pod or host).")
  String xdsAddress;

  @Option(names = "--debounce", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Quiet period after a change before compiling (default: 100ms for nginx and haproxy, whose"
          + " reloads start new workers; 20ms for envoy, whose xDS updates apply in place).")
  Duration debounce;

  @Option(names = "--max-delay", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Longest a change waits while changes keep coming (default: ${DEFAULT-VALUE}).")
  Duration maxDelay;

  @Option(names = "--proxy-binary", paramLabel = "PATH", description = "The proxy executable (default: on PATH).")
  String proxyBinary;

  @Option(names = "--proxy-pid-file", paramLabel = "PATH",
      description = "Attach to the master this pid file names (e.g. the proxy container of the pod) instead of"
          + " starting one.")
  Path proxyPidFile;

  @Option(names = "--drain-timeout", defaultValue = "30s", converter = DurationConverter.class,
      paramLabel = "DURATION", description = "On SIGTERM, how long the proxy may drain (default: ${DEFAULT-VALUE}).")
  Duration drain;

  @Option(names = "--reload-timeout", defaultValue = "10s", converter = DurationConverter.class,
      paramLabel = "DURATION", description = "How long a reload may take before it fails (default: ${DEFAULT-VALUE}).")
  Duration reloadTimeout;

  @Option(names = "--runtime-api", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "haproxy: serve changes the runtime API can make (routes, endpoints, a new Service in a spare"
          + " backend) without a reload, writing the files once changes pause (default: on); --no-runtime-api"
          + " reloads for every change.")
  boolean runtimeApi;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "nginx: native (default), or lua for one Lua-balanced upstream (nginx with the Lua module): endpoint"
          + " changes are then posted to nginx without a reload, 10,000 Services load as fast as one, and reloads"
          + " lose no request of keep-alive clients that honour Connection: close.")
  String format;

  @Option(names = "--publish-address", split = ",", paramLabel = "ADDR",
      description = "Cluster mode: the address(es) written to our Ingresses' status.")
  List<String> publishAddresses = new ArrayList<>();

  @Option(names = "--publish-service", paramLabel = "NS/NAME",
      description = "Cluster mode: write the addresses of this Service, and follow them as they change (LoadBalancer:"
          + " its load balancer's addresses and external IPs; NodePort: external IPs, else cluster IP; ClusterIP:"
          + " cluster IP; ExternalName: the name). Not with --publish-address.")
  String publishService;

  @Option(names = "--leader-election", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Cluster mode: replicas elect one status writer through a Lease (default: on).")
  boolean leaderElection;

  @Option(names = "--election-namespace", paramLabel = "NS",
      description = "Where the Lease lives (default: $POD_NAMESPACE, else the client's namespace).")
  String electionNamespace;

  @Option(names = "--lease-name", defaultValue = "ingressc-leader", paramLabel = "NAME",
      description = "The Lease's name (default: ${DEFAULT-VALUE}).")
  String leaseName;

  @Option(names = "--pod-name", paramLabel = "NAME",
      description = "This replica's Pod, for failed-reload Events (default: $POD_NAME).")
  String podName;

  @Override
  public Integer call() throws Exception {
    ports.check(spec.commandLine());
    if (xdsPort < 0 || xdsPort > 65535) {
      throw new ParameterException(spec.commandLine(), xdsPort + " is not a port number (0-65535)");
    }
    if (!files.isEmpty() && !watch) {
      throw new ParameterException(spec.commandLine(), "run -f needs --watch (without -f it watches a cluster)");
    }
    if (files.isEmpty() && watch) {
      throw new ParameterException(spec.commandLine(), "--watch needs -f PATH");
    }
    if (!publishAddresses.isEmpty() && publishService != null) {
      // As in ingress-nginx: one source of truth for the status addresses.
      throw new ParameterException(spec.commandLine(), "--publish-address and --publish-service are mutually exclusive");
    }
    SidecarConfig config = new SidecarConfig(target, files, workDir, ports.http, ports.https, metricsAddress,
        Optional.of(metricsPort), debounce != null ? debounce : SidecarConfig.defaultDebounce(target), maxDelay,
        Optional.ofNullable(proxyBinary), Optional.ofNullable(proxyPidFile),
        drain, reloadTimeout, flags.compileOptions().withTarget(TargetProfiles.of(target, Optional.ofNullable(format))),
        Optional.empty(), xdsAddress, xdsPort, runtimeApi,
        Optional.ofNullable(format));
    KubernetesClient client = null;
    if (files.isEmpty()) {
      client = client();
      config = config.withCluster(clusterConfig(client));
    }
    Sidecar sidecar;
    try {
      sidecar = Sidecar.start(config);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    // SIGTERM (and Ctrl-C) run this hook: stop watching, let the proxy drain, exit.
    Thread hook = new Thread(sidecar::close, "ingressc-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    sidecar.awaitStopped();
    if (client != null) {
      client.close();
    }
    return ExitCodes.OK;
  }

  private KubernetesClient client() throws Exception {
    if (kubeconfig == null) {
      return new KubernetesClientBuilder().build(); // in-cluster, else ~/.kube/config
    }
    Config c = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
    return new KubernetesClientBuilder().withConfig(c).build();
  }

  private ClusterConfig clusterConfig(KubernetesClient client) throws Exception {
    String ns = Optional.ofNullable(electionNamespace).or(() -> Optional.ofNullable(System.getenv("POD_NAMESPACE")))
        .or(() -> Optional.ofNullable(client.getNamespace())).orElse("default");
    String pod = Optional.ofNullable(podName).orElse(System.getenv("POD_NAME"));
    String identity = pod != null ? pod : InetAddress.getLocalHost().getHostName() + "-" + UUID.randomUUID()
        .toString().substring(0, 8);
    return new ClusterConfig(client, Optional.ofNullable(namespace), publishAddresses, Optional.ofNullable(publishService),
        leaderElection, ns, leaseName, identity, Duration.ofSeconds(15), Optional.ofNullable(pod));
  }
}
