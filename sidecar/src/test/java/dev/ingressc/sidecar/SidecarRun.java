package dev.ingressc.sidecar;

import dev.ingressc.emit.live.support.Binaries;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * A sidecar under test in file mode: a manifests folder it watches, a work directory, free ports,
 * and the real proxy binary the {@code @RealProxy} extension found.
 */
final class SidecarRun implements AutoCloseable {
  final Workspace workspace;
  final Path manifests;
  final int httpPort = Workspace.freePort();
  final int httpsPort = Workspace.freePort();
  Sidecar sidecar;

  private SidecarRun(Workspace ws) throws IOException {
    this.workspace = ws;
    this.manifests = Files.createDirectories(ws.root().resolve("manifests"));
  }

  /** The binary of the proxy the extension resolved; the sidecar runs it as its own child. */
  static String binary(ProxyLauncher launcher) {
    return Binaries.find(launcher.kind().binary()).orElseThrow(() -> new AssertionError(
        "the sidecar supervises a local " + launcher.kind().binary() + " process; found only " + launcher.describe()));
  }

  static SidecarRun prepare(String target) throws IOException {
    return new SidecarRun(Workspace.create("sidecar-" + target));
  }

  SidecarRun start(String target, String binary, Function<SidecarConfig, SidecarConfig> tweak) throws Exception {
    // The metrics port is handed out as the proxy's are: a port the kernel picked for it (port 0) could be
    // the proxy's http port, free until the proxy binds it (seen once: haproxy "Address already in use").
    SidecarConfig c = SidecarConfig.files(target, java.util.List.of(manifests.toString()), workspace.output(),
        httpPort, httpsPort).withProxy(Optional.of(binary), Optional.empty()).withMetricsPort(Workspace.freePort())
        .withMetricsAddress("127.0.0.1").withDrain(Duration.ofSeconds(5));
    sidecar = Sidecar.start(tweak.apply(c));
    return this;
  }

  /** Envoy: no proxy process; the xDS server binds loopback on a free port. */
  SidecarRun startEnvoy(Function<SidecarConfig, SidecarConfig> tweak) throws Exception {
    SidecarConfig c = SidecarConfig.files("envoy", java.util.List.of(manifests.toString()), workspace.output(),
        httpPort, httpsPort).withMetricsPort(0).withMetricsAddress("127.0.0.1").withXds("127.0.0.1", 0);
    sidecar = Sidecar.start(tweak.apply(c));
    return this;
  }

  /** Writes a manifest atomically (a temp name the loader ignores, then a rename), as kubectl-like tools should. */
  void write(String file, String yaml) {
    try {
      Path tmp = manifests.resolve("." + file + ".tmp");
      Files.writeString(tmp, yaml);
      Files.move(tmp, manifests.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void delete(String file) {
    try {
      Files.deleteIfExists(manifests.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpResult get(String host, String path) {
    return HttpProbe.get("127.0.0.1", httpPort, host, path);
  }

  /** Waits until {@code host path} is answered by the echo backend of {@code upstream}. */
  Duration awaitServedBy(String host, String path, String upstream, Duration timeout) {
    return Eventually.await(host + path + " served by " + upstream, timeout, () -> get(host, path),
        r -> r.status() == 200 && r.echo().path("upstream").asText().equals(upstream));
  }

  Duration awaitStatus(String host, String path, int status, Duration timeout) {
    return Eventually.await(host + path + " answers " + status, timeout, () -> get(host, path).status(),
        s -> s == status);
  }

  /** What the admin endpoint answers on {@code path}. */
  HttpResult admin(String path) {
    return HttpProbe.get("127.0.0.1", sidecar.adminPort().orElseThrow(), "localhost", path);
  }

  Path current() {
    return workspace.output().resolve("current");
  }

  @Override
  public void close() {
    if (sidecar != null) {
      sidecar.close();
    }
    workspace.close();
  }
}
