package dev.ingressc.normalize;

import dev.ingressc.CompileOptions;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.ir.HostTls;
import dev.ingressc.ir.VirtualHost;
import dev.ingressc.load.Located;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a caller that compiles again and again (the sidecar) keeps between passes: the memos of the
 * steps, each keyed by the step's own input. {@code check} by the Ingress instance, {@code select}
 * by the checked Ingress, {@code merge} by the host (stale when an Ingress with rules for it came
 * or went, or a Service its backends read is another object), the backend resolutions by the
 * Service and EndpointSlice instances they read; the checked Services, EndpointSlices, classes and
 * Secrets by their instances ({@link CheckedObjects}). A host none of whose inputs changed comes
 * out as the same {@link VirtualHost} instance, with the same findings, without being built again; whoever compares or translates IRs (the sidecar, the Envoy
 * translator's cache) then finds unchanged hosts by identity. Results equal those of a pass without
 * the cache. Not thread-safe: one pass at a time.
 *
 * <p>{@link #onePass()} is for a compile that runs once (the CLI): it keeps nothing for a next
 * pass, so the pass does none of the bookkeeping only a next pass would read.
 */
public final class NormalizeCache {
  /** The step {@code check} for Services, EndpointSlices, IngressClasses, ConfigMaps and Secrets, by instance. */
  final CheckedObjects checked = new CheckedObjects();
  /** Whether passes are remembered for the next one. */
  final boolean keep;
  private Memo memo;
  private long hostsBuilt;
  private long validated;

  /** A memo that remembers each pass for the next. */
  public NormalizeCache() {
    this(true);
  }

  private NormalizeCache(boolean keep) {
    this.keep = keep;
  }

  /** For a compile that runs once: nothing is kept for a next pass. */
  public static NormalizeCache onePass() {
    return new NormalizeCache(false);
  }

  /** The memo of one environment: classes, their parameters, and the options, which every host depends on. */
  static final class Memo {
    final CompileOptions options;
    final List<Located<?>> classInputs;
    final Selections selections;
    /** What each class's parameters reported. */
    final Map<String, List<Diagnostic>> classFindings = new HashMap<>();
    final TakenIndex index = new TakenIndex();
    /** {@code merge}'s output per host, and the virtual host the last IR made of it. */
    final Map<String, HostRoutes> hosts = new HashMap<>();
    final Map<String, VirtualHost> served = new HashMap<>();
    final Set<String> hostsWithFindings = new HashSet<>();
    HostRoutes defaults;
    final ServiceCells services;
    final AuthSecrets authSecrets;
    final UpstreamGroups upstreams = new UpstreamGroups();
    /** The TLS settings of the last IR's hosts. */
    Map<String, HostTls> hostTls = Map.of();
    /** The last IR's virtual hosts, in order. */
    List<VirtualHost> virtualHosts = List.of();
    /** The last IR, given again when this pass's equals it. */
    dev.ingressc.ir.IngressIR lastIr;

    Memo(CheckedObjects.Inputs in, CompileOptions options, Selections selections, boolean keep) {
      this.services = new ServiceCells(keep);
      this.authSecrets = new AuthSecrets(keep);
      this.options = options;
      this.classInputs = in.classInputs();
      this.selections = selections;
    }

    /** Whether what every host depends on (options, classes, their parameters) is what it was. */
    boolean sameEnvironment(CheckedObjects.Inputs in, CompileOptions o) {
      if (!options.equals(o)) {
        return false;
      }
      List<Located<?>> now = in.classInputs();
      if (now.size() != classInputs.size()) {
        return false;
      }
      for (int i = 0; i < now.size(); i++) {
        Located<?> a = now.get(i);
        Located<?> b = classInputs.get(i);
        // Equal content and source serve as well as the same instance: a cluster's IngressParameters
        // come as new objects every pass.
        if (a != b && (a == null || !a.equals(b))) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The memo for this pass, which owns it until it hands it back: a pass that fails leaves none,
   * and the next pass starts from scratch. A new one when the environment changed.
   */
  Memo take(CheckedObjects.Inputs in, CompileOptions options) {
    Memo last = memo;
    memo = null;
    if (last != null && last.sameEnvironment(in, options)) {
      return last;
    }
    Selections selections = last == null ? new Selections(options.strict(), options.target(), keep)
        : last.selections.forEnvironment(options.strict(), options.target());
    Memo next = new Memo(in, options, selections, keep);
    if (last != null) {
      // Hosts built again for a new environment are still the same instances when equal.
      next.served.putAll(last.served);
    }
    return next;
  }

  void giveBack(Memo m, int built, int ingressesChecked) {
    if (keep) {
      checked.endPass();
      memo = m;
    }
    hostsBuilt += built;
    validated += ingressesChecked;
  }

  /** How many Ingresses were validated (not taken from the cache) so far; for tests. */
  public long validated() {
    return validated;
  }

  /** How many hosts were built (not taken from the cache) so far; for tests. */
  public long hostsBuilt() {
    return hostsBuilt;
  }
}
