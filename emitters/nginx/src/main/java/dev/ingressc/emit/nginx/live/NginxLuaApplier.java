package dev.ingressc.emit.nginx.live;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.live.ApplyException;
import dev.ingressc.emit.live.FileTarget;
import dev.ingressc.emit.live.LiveLog;
import dev.ingressc.emit.live.LiveSettings;
import dev.ingressc.emit.live.ProxyCheck;
import dev.ingressc.emit.nginx.LuaEndpoints;
import dev.ingressc.emit.nginx.NginxEmitter;
import dev.ingressc.emit.nginx.NginxFormat;
import dev.ingressc.emit.nginx.live.LuaControl.Handover;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * nginx in the {@code lua} format ({@link NginxFormat#LUA}): reloads as {@link NginxApplier}
 * does, but applies endpoints ({@link #applyEndpoints}: the sidecar found the routing unchanged)
 * by posting them to the control socket ({@code POST /endpoints}, the changed upstreams only),
 * with no reload, when only Lua-balanced upstreams' endpoints changed (the others are in
 * nginx.conf). A routing change nginx.conf does not show (a Lua-balanced upstream gained its
 * first ready endpoint or lost its last: the balancer answers 503 for none) is posted the same way
 * ({@link #applyRoutingLive}). The files follow once changes pause, as for HAProxy; a restart then reads
 * them, and a reload does too once what was posted agrees with them (see {@link #applyRouting}).
 * Before each reload the running workers are marked to close keep-alive connections
 * ({@code POST /drain}), so that keep-alive clients leave them before they stop.
 */
public final class NginxLuaApplier implements FileTarget {
  private final NginxApplier nginx;
  private final NginxEmitter emitter = new NginxEmitter(NginxFormat.LUA);
  private final LuaControl control;
  private final LiveLog log;
  /** What the files {@code current} points at hold; null before the first switch. */
  private LuaServed files;
  /** What the running nginx serves; null when not known (not started, or a post failed). */
  private LuaServed serving;
  /** The master that {@link #serving} describes. */
  private Optional<Long> servingPid = Optional.empty();

  public NginxLuaApplier(LiveSettings settings) {
    this.log = settings.log();
    this.control = new LuaControl(settings.runtimeDir().resolve(LuaEndpoints.CONTROL_SOCKET), log);
    this.nginx = new NginxApplier(settings, () -> {
      restarted();
      settings.events().proxyRestarted();
    }, control::removeStaleSocket);
  }

  @Override
  public String name() {
    return "nginx";
  }

  @Override
  public String describe() {
    return nginx.describe();
  }

  @Override
  public EmittedFiles emit(IngressIR routing, EndpointTable endpoints, EmitOptions options) {
    return emitter.emit(routing, endpoints, options);
  }

  @Override
  public ProxyCheck check(Path candidateDir) {
    return nginx.check(candidateDir);
  }

  @Override
  public synchronized void start(Path candidateDir) throws ApplyException {
    control.forget();
    Handover handover = Handover.NONE;
    if (nginx.outlivesSidecar()) {
      // An nginx that ran before this sidecar may hold what an earlier one posted, for upstreams
      // these files may not even have: all of it goes, the files' endpoints take its place.
      try {
        control.post(lines(files.endpoints().keySet()), true);
        // nginx.start reloads a running master: its workers hand their clients over first.
        handover = control.beginHandover();
        handover.await();
      } catch (IOException e) {
        if (control.socketExists() && !(e instanceof java.net.ConnectException)) {
          throw new ApplyException("cannot replace the endpoints posted to the running nginx: " + e.getMessage());
        }
        control.forget(); // no nginx listens yet: its shared memory will start empty
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
  public synchronized void applyRouting(Path candidateDir) throws ApplyException {
    serving = null;
    Handover handover = control.beginHandover();
    if (control.postedUnknown || !control.posted.isEmpty()) {
      java.util.Set<String> ids = control.postedUnknown ? files.endpoints().keySet() : control.posted.keySet();
      try {
        control.post(lines(ids), true);
      } catch (IOException e) {
        handover.cancel();
        throw new ApplyException("cannot post the files' endpoints before the reload: " + e.getMessage());
      }
    }
    handover.await();
    try {
      nginx.applyRouting(candidateDir);
    } catch (ApplyException e) {
      control.postedUnknown = true; // the shared memory holds the refused files' endpoints
      handover.cancel();
      throw e;
    }
    servingPid = nginx.masterPid();
    serving = files;
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
  public synchronized void switched(IngressIR ir, EndpointTable endpoints, EmitOptions options) {
    files = new LuaServed(emitter, ir, endpoints);
    if (serving != null && !nginx.masterPid().equals(servingPid)) {
      // Another master (an attached nginx its container restarted) read the files before these
      // and holds nothing posted.
      control.forget();
      control.postedUnknown = true;
      serving = null;
    }
    if (control.postedUnknown && serving == null && nginx.running()) {
      // Posting all the files' endpoints makes nginx serve exactly them when it differs from them
      // in endpoints at most: they are the files of changes that were posted (written once
      // changes paused), or the last good ones after a refused reload. Otherwise a reload follows.
      try {
        control.post(lines(files.endpoints().keySet()), true);
        serving = files;
        servingPid = nginx.masterPid();
      } catch (IOException e) {
        log.warn("live_update_failed", "proxy", "nginx", "error", e.getMessage(), "action", "reload on the next change");
      }
    }
  }

  /** Nothing stands in: a posted endpoint is what the files will say. */
  @Override
  public synchronized boolean applyEndpoints(IngressIR routing, EndpointTable endpoints, EmitOptions options) {
    if (!knowsWhatIsServed()) {
      return false;
    }
    if (serving.ir != routing && !serving.ir.equals(routing)) {
      // nginx runs other routing than the sidecar served (it restarted on older files): a routing change.
      return applyRoutingLive(routing, endpoints, options);
    }
    if (!serving.sameConfig(endpoints)) {
      return false; // an upstream that nginx balances itself changed its endpoints: nginx.conf did too
    }
    return post(serving.with(endpoints));
  }

  /** A routing change whose nginx.conf is the one nginx runs: posted like endpoints; else a reload. */
  @Override
  public synchronized boolean applyRoutingLive(IngressIR routing, EndpointTable endpoints, EmitOptions options) {
    if (!knowsWhatIsServed()) {
      return false;
    }
    LuaServed wanted = new LuaServed(emitter, routing, endpoints);
    if (!serving.sameConfig(wanted, options)) {
      return false; // routes, hosts, certificates or what nginx balances itself changed: only a reload can change them
    }
    return post(wanted);
  }

  /** Whether nginx runs and what it serves is known; a master that restarted on the files serves them. */
  private boolean knowsWhatIsServed() {
    if (serving == null || !nginx.running()) {
      return false;
    }
    if (!nginx.masterPid().equals(servingPid)) {
      // Another master (an attached nginx its container restarted): it read current, and
      // nothing posted.
      restartedOnFiles();
    }
    return true;
  }

  /** Posts the Lua-balanced upstreams whose endpoints differ from what nginx serves (as endpoints.conf has them). */
  private boolean post(LuaServed wanted) {
    StringBuilder body = new StringBuilder();
    wanted.endpoints().forEach((id, peers) -> {
      if (!peers.equals(serving.endpoints().get(id))) {
        body.append(id).append(' ').append(peers).append('\n');
      }
    });
    if (body.length() > 0) {
      try {
        control.post(body.toString(), false);
      } catch (IOException e) {
        log.warn("live_update_failed", "proxy", "nginx", "error", e.getMessage(), "action", "reload");
        serving = null;
        return false;
      }
    }
    serving = wanted;
    return true;
  }

  /** A restarted nginx read the files {@code current} points at, and nothing posted. */
  private synchronized void restarted() {
    restartedOnFiles();
  }

  private void restartedOnFiles() {
    control.forget();
    serving = files;
    servingPid = nginx.masterPid();
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
