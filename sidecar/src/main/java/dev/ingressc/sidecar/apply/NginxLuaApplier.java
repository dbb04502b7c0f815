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
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * nginx in the {@code lua} format ({@link NginxFormat#LUA}): reloads as {@link NginxApplier}
 * does, but a change whose nginx.conf is the one nginx already runs (only endpoints differ) is
 * posted to the control socket instead ({@code POST /endpoints}, the changed upstreams only),
 * with no reload. The files follow once changes pause, as for HAProxy; a restart then reads
 * them, and a reload does too once what was posted agrees with them (see {@link #reload}).
 * Before each reload the running workers are marked to close keep-alive connections
 * ({@code POST /drain}), so that keep-alive clients leave them before they stop.
 */
public final class NginxLuaApplier implements Applier, LiveUpdates {
  /**
   * How long before a reload the running workers answer with "Connection: close": a keep-alive
   * client that sends at least this often moves to a new connection before they stop, instead of
   * having its idle one closed under a request (see lua.ftl, ingressc.header).
   */
  static final Duration KEEPALIVE_HANDOVER = Duration.ofMillis(100);

  private final NginxApplier nginx;
  private final NginxEmitter emitter = new NginxEmitter(NginxFormat.LUA);
  private final Path controlSocket;
  /** What the files {@code current} points at hold; null before the first switch. */
  private Served files;
  /** What the running nginx serves; null when not known (not started, or a post failed). */
  private Served serving;
  /** What nginx's shared memory holds: every upstream id posted since the master started. */
  private final Map<String, String> posted = new HashMap<>();
  /** A post or a reload failed: what nginx holds is not known until everything is replaced. */
  private boolean postedUnknown;
  /** The master that {@link #serving} describes. */
  private Optional<Long> servingPid = Optional.empty();

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
    Handover handover = Handover.NONE;
    if (nginx.outlivesSidecar()) {
      // An nginx that ran before this sidecar may hold what an earlier one posted, for upstreams
      // these files may not even have: all of it goes, the files' endpoints take its place.
      try {
        post(lines(files.endpoints().keySet()), true);
        // nginx.start reloads a running master: its workers hand their clients over first.
        handover = beginHandover();
        handover.await();
      } catch (IOException e) {
        if (Files.exists(controlSocket) && !(e instanceof java.net.ConnectException)) {
          throw new ApplyException("cannot replace the endpoints posted to the running nginx: " + e.getMessage());
        }
        posted.clear(); // no nginx listens yet: its shared memory will start empty
        postedUnknown = false;
      }
    }
    try {
      nginx.start(candidateDir);
    } catch (ApplyException e) {
      handover.cancel();
      throw e;
    }
    servingPid = nginx.masterPid();
    serving = files;
  }

  /**
   * Reloads onto the files. What was posted stays in nginx's shared memory and wins over the
   * files, so first it is replaced: every upstream posted before gets the files' endpoints, and
   * upstreams the files no longer have are dropped. The new workers then serve the files, and the
   * old ones, while they drain, the newest endpoints. If the reload fails, what runs is no longer
   * known, and the next pass replaces everything.
   */
  @Override
  public synchronized void reload(Path candidateDir) throws ApplyException {
    serving = null;
    Handover handover = beginHandover();
    if (postedUnknown || !posted.isEmpty()) {
      java.util.Set<String> ids = postedUnknown ? files.endpoints().keySet() : posted.keySet();
      try {
        post(lines(ids), true);
      } catch (IOException e) {
        handover.cancel();
        throw new ApplyException("cannot post the files' endpoints before the reload: " + e.getMessage());
      }
    }
    handover.await();
    try {
      nginx.reload(candidateDir);
    } catch (ApplyException e) {
      postedUnknown = true; // the shared memory holds the refused files' endpoints
      handover.cancel();
      throw e;
    }
    servingPid = nginx.masterPid();
    serving = files;
  }

  /**
   * The running workers, marked to close keep-alive connections ({@code POST /drain}), hand their
   * clients over until {@code deadline}; when nginx did not take the mark there is nothing to
   * wait for or to undo.
   */
  private record Handover(NginxLuaApplier owner, long deadline) {
    static final Handover NONE = new Handover(null, 0);

    /** Returns once the marked workers have had {@link #KEEPALIVE_HANDOVER} since the mark. */
    void await() {
      if (owner != null) {
        Waits.sleep(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      }
    }

    /** The reload failed: the marked workers keep serving, and stop closing connections. */
    void cancel() {
      if (owner != null) {
        owner.request("DELETE", "/drain", "");
      }
    }
  }

  private Handover beginHandover() {
    long deadline = System.nanoTime() + KEEPALIVE_HANDOVER.toNanos();
    return request("POST", "/drain", "").isPresent() ? new Handover(this, deadline) : Handover.NONE;
  }

  /** {@code id peers} lines with the files' endpoints of these upstreams (those the files have). */
  private String lines(java.util.Collection<String> ids) {
    StringBuilder body = new StringBuilder();
    files.endpoints().forEach((id, peers) -> {
      if (ids.contains(id)) {
        body.append(id).append(' ').append(peers).append('\n');
      }
    });
    return body.toString();
  }

  @Override
  public synchronized void switched(IngressIR ir, EmitOptions options) {
    files = new Served(ir, options);
    if (serving != null && !nginx.masterPid().equals(servingPid)) {
      // Another master (an attached nginx its container restarted) read the files before these
      // and holds nothing posted.
      posted.clear();
      postedUnknown = true;
      serving = null;
    }
    if (postedUnknown && serving == null && nginx.running()) {
      // Posting all the files' endpoints makes nginx serve exactly them when it differs from them
      // in endpoints at most: they are the files of changes that were posted (written once
      // changes paused), or the last good ones after a refused reload. Otherwise a reload follows.
      try {
        post(lines(files.endpoints().keySet()), true);
        serving = files;
        servingPid = nginx.masterPid();
      } catch (IOException e) {
        Log.warn("live_update_failed", "proxy", "nginx", "error", e.getMessage(), "action", "reload on the next change");
      }
    }
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
    if (!nginx.masterPid().equals(servingPid)) {
      // Another master (an attached nginx its container restarted): it read current, and
      // nothing posted.
      restartedOnFiles();
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
        post(body.toString(), false);
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
   * Posts {@code id peers} lines; what nginx took is remembered, as it outlives reloads. With
   * {@code replace}, they are all that nginx holds afterwards. After a failure nothing is known of
   * what it holds, until everything has been replaced.
   */
  private void post(String body, boolean replace) throws IOException {
    postedUnknown = true;
    send(body, replace);
    if (replace) {
      posted.clear();
    }
    body.lines().forEach(l -> posted.put(l.substring(0, l.indexOf(' ')), l.substring(l.indexOf(' ') + 1)));
    postedUnknown = false;
  }

  private void send(String body, boolean replace) throws IOException {
    exchange("POST", "/endpoints" + (replace ? "?replace=1" : ""), body);
  }

  /** One request to the control socket; a failure is logged, as nothing depends on it. */
  private Optional<String> request(String method, String path, String body) {
    try {
      return Optional.of(exchange(method, path, body));
    } catch (IOException e) {
      Log.warn("control_request_failed", "proxy", "nginx", "request", method + " " + path, "error", e.getMessage());
      return Optional.empty();
    }
  }

  /** Sends one request to the control socket and returns the answer's body; anything but 200 fails. */
  private String exchange(String method, String path, String body) throws IOException {
    String answer = UnixSocketClient.exchange(controlSocket, method + " " + path + " HTTP/1.0\r\nHost: ingressc\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    String status = answer.lines().findFirst().orElse("");
    int end = answer.indexOf("\r\n\r\n");
    String text = end < 0 ? "" : answer.substring(end + 4).strip();
    if (!status.matches("HTTP/1\\.\\d 200 .*")) {
      throw new IOException("nginx answered " + (status.isEmpty() ? "nothing" : status) + " to " + method + " "
          + path + ": " + text);
    }
    return text;
  }

  /** A restarted nginx read the files {@code current} points at, and nothing posted. */
  private synchronized void restarted() {
    restartedOnFiles();
  }

  private void restartedOnFiles() {
    posted.clear();
    postedUnknown = false;
    serving = files;
    servingPid = nginx.masterPid();
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
