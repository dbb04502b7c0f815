package dev.ingressc.sidecar.apply;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.nginx.LuaEndpoints;
import dev.ingressc.emit.nginx.NginxEmitter;
import dev.ingressc.emit.nginx.NginxFormat;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.sidecar.report.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * nginx in the {@code lua} format ({@link NginxFormat#LUA}): reloads as {@link NginxApplier}
 * does, but a change whose nginx.conf is the one nginx already runs (only endpoints differ) is
 * posted to the control socket instead ({@code POST /endpoints}, the changed upstreams only),
 * with no reload. The files follow once changes pause, as for HAProxy; a restart then reads
 * them, and a reload does too once what was posted agrees with them (see {@link #reload}).
 */
public final class NginxLuaApplier implements Applier, LiveUpdates {
  private final NginxApplier nginx;
  private final NginxEmitter emitter = new NginxEmitter(NginxFormat.LUA);
  private final Path controlSocket;
  /** What the files {@code current} points at hold; null before the first switch. */
  private Served files;
  /** What the running nginx serves; null when not known (not started, or a post failed). */
  private Served serving;
  /** What nginx's shared memory holds: every upstream id posted since the master started. */
  private final Map<String, String> posted = new HashMap<>();
  /** A post failed: nginx may hold some of its lines; the next reload posts every upstream. */
  private boolean postedUnknown;

  /**
   * What one IR gives nginx: every emitted file but endpoints.conf (nginx.conf, certificates and
   * keys), and the endpoints of each Lua-balanced upstream id. Both are made when first needed:
   * a change of routes is told apart without emitting anything.
   */
  private final class Served {
    final IngressIR ir;
    final EmitOptions options;
    private Map<String, String> files;
    private Map<String, String> endpoints;

    Served(IngressIR ir, EmitOptions options) {
      this.ir = ir;
      this.options = options;
    }

    /** False when hosts, routes, the default backend or certificates differ: nginx.conf does too. */
    boolean mayBeSameConfig(IngressIR other) {
      return ir.virtualHosts().equals(other.virtualHosts()) && ir.defaultBackend().equals(other.defaultBackend())
          && ir.certificates().equals(other.certificates())
          && ir.defaultCertificate().equals(other.defaultCertificate());
    }

    Map<String, String> files() {
      if (files == null) {
        files = new HashMap<>();
        for (EmittedFile f : emitter.emit(ir, options).files()) {
          if (!f.path().equals(LuaEndpoints.FILE)) {
            files.put(f.path(), f.text());
          }
        }
      }
      return files;
    }

    Map<String, String> endpoints() {
      if (endpoints == null) {
        endpoints = LuaEndpoints.table(ir);
      }
      return endpoints;
    }
  }

  public NginxLuaApplier(ApplierSettings settings) {
    this.controlSocket = settings.runtimeDir().resolve(LuaEndpoints.CONTROL_SOCKET);
    Runnable onRestart = settings.onRestart();
    ApplierSettings mine = new ApplierSettings(settings.binary(), settings.current(), settings.runtimeDir(),
        settings.httpPort(), settings.proxyPidFile(), settings.drain(), settings.reloadTimeout(), () -> {
          restarted();
          onRestart.run();
        });
    // A master that was killed leaves its socket file behind, and nginx cannot bind over it.
    this.nginx = new NginxApplier(mine, this::removeStaleSocket);
  }

  @Override
  public String target() {
    return "nginx";
  }

  @Override
  public ProxyCheck validate(Path candidateDir) {
    return nginx.validate(candidateDir);
  }

  @Override
  public synchronized void start(Path candidateDir) throws ApplyException {
    posted.clear();
    postedUnknown = false;
    if (nginx.outlivesSidecar()) {
      // An nginx that was running before this sidecar may hold what an earlier one posted: the
      // files' endpoints go over all of it before the reload that attaching makes.
      try {
        post(files.endpoints().entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + "\n")
            .collect(java.util.stream.Collectors.joining()));
      } catch (IOException e) {
        posted.clear(); // not running yet: its shared memory will start empty
        postedUnknown = false;
      }
    }
    nginx.start(candidateDir);
    serving = files;
  }

  /**
   * Reloads onto the files. What was posted stays in nginx's shared memory and wins over the
   * files, so first every upstream posted before gets the files' endpoints, where they differ:
   * the new workers then serve the files, and the old ones, while they drain, the newest.
   */
  @Override
  public synchronized void reload(Path candidateDir) throws ApplyException {
    serving = null;
    StringBuilder body = new StringBuilder();
    files.endpoints().forEach((id, inFiles) -> {
      String held = posted.get(id);
      if (postedUnknown || held != null && !held.equals(inFiles)) {
        body.append(id).append(' ').append(inFiles).append('\n');
      }
    });
    if (body.length() > 0) {
      try {
        post(body.toString());
      } catch (IOException e) {
        throw new ApplyException("cannot post the files' endpoints before the reload: " + e.getMessage());
      }
    }
    nginx.reload(candidateDir);
    serving = files;
  }

  @Override
  public synchronized void switched(IngressIR ir, EmitOptions options) {
    files = new Served(ir, options);
  }

  @Override
  public boolean standsIn() {
    return false; // nothing stands in: a posted endpoint is what the files will say
  }

  @Override
  public synchronized boolean applyLive(IngressIR next, EmitOptions options) {
    if (serving == null || !nginx.running()) {
      return false;
    }
    if (!serving.mayBeSameConfig(next)) {
      return false; // routes, hosts or certificates changed: only a reload can change them
    }
    Served wanted = new Served(next, options);
    if (!wanted.files().equals(serving.files())) {
      return false; // e.g. an upstream that nginx balances itself changed its endpoints
    }
    StringBuilder body = new StringBuilder();
    wanted.endpoints().forEach((id, peers) -> {
      if (!peers.equals(serving.endpoints().get(id))) {
        body.append(id).append(' ').append(peers).append('\n');
      }
    });
    if (body.length() > 0) {
      try {
        post(body.toString());
      } catch (IOException e) {
        Log.warn("live_update_failed", "proxy", "nginx", "error", e.getMessage(), "action", "reload");
        serving = null;
        return false;
      }
    }
    serving = wanted;
    return true;
  }

  /**
   * Posts {@code id peers} lines; what nginx took is remembered, as it outlives reloads. After a
   * failure nothing is known of what it holds, until every upstream has been posted again.
   */
  private void post(String body) throws IOException {
    postedUnknown = true;
    send(body);
    body.lines().forEach(l -> posted.put(l.substring(0, l.indexOf(' ')), l.substring(l.indexOf(' ') + 1)));
    postedUnknown = false;
  }

  private void send(String body) throws IOException {
    String answer = UnixSocketClient.exchange(controlSocket, "POST /endpoints HTTP/1.0\r\nHost: ingressc\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    String status = answer.lines().findFirst().orElse("");
    if (!status.matches("HTTP/1\\.\\d 200 .*")) {
      throw new IOException("nginx answered " + (status.isEmpty() ? "nothing" : status) + " to POST /endpoints: "
          + answer.substring(answer.indexOf("\r\n\r\n") + 4).strip());
    }
  }

  /** A restarted nginx read the files {@code current} points at, and nothing posted. */
  private synchronized void restarted() {
    posted.clear();
    postedUnknown = false;
    serving = files;
  }

  private void removeStaleSocket() {
    try {
      Files.deleteIfExists(controlSocket);
    } catch (IOException e) {
      Log.warn("stale_socket", "path", controlSocket, "error", e.getMessage());
    }
  }

  @Override
  public boolean running() {
    return nginx.running();
  }

  @Override
  public boolean outlivesSidecar() {
    return nginx.outlivesSidecar();
  }

  @Override
  public void close() {
    nginx.close();
  }
}
