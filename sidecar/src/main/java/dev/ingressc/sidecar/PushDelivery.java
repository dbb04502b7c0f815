package dev.ingressc.sidecar;

import dev.ingressc.Compiler.Compilation;
import dev.ingressc.emit.live.PushTarget;
import dev.ingressc.sidecar.report.Log;
import dev.ingressc.sidecar.report.Metrics;

/**
 * A push target (Envoy): translate the IR, check every resource, set the xDS snapshot. Nothing is
 * written to disk and no process is supervised: Envoy connects to the xDS server. A refused set
 * leaves the last snapshot served. The snapshot is confirmed once a node has ACKed it
 * ({@link PushTarget#confirmed}).
 */
final class PushDelivery implements Delivery {
  private final PushTarget target;
  private final Metrics metrics;
  private long generation;

  PushDelivery(PushTarget target, Metrics metrics) {
    this.target = target;
    this.metrics = metrics;
  }

  @Override
  public boolean confirmed() {
    return target.confirmed();
  }

  @Override
  public Result deliver(Compilation c, Compilation served, long t0, long compiled) {
    boolean endpointsOnly = Delivery.sameRouting(c, served);
    PushTarget.Pushed p = endpointsOnly ? target.pushEndpoints(c.endpoints()) : target.push(c.ir(), c.endpoints());
    long gen = generation + 1;
    if (!p.ok()) {
      metrics.validationFailed();
      Log.error("validation_failed", "target", target.name(), "generation", gen, "output", p.problem(),
          "serving", served != null ? "versions " + p.versions() : "nothing");
      return Result.refused("validation", p.problem());
    }
    generation = gen;
    metrics.xdsSnapshot(System.currentTimeMillis() / 1000.0);
    Log.info("applied", "target", target.name(), "generation", gen, "how", "xds_snapshot",
        "verb", endpointsOnly ? "apply_endpoints" : "apply_routing",
        "changed", p.changed().isEmpty() ? "none" : String.join(",", p.changed()), "versions", p.versions(),
        "ingresses", c.takenIngresses().size(), "compile_ms", Delivery.ms(compiled - t0),
        "publish_ms", Delivery.ms(System.nanoTime() - compiled), "total_ms", Delivery.ms(System.nanoTime() - t0));
    return Result.served(gen);
  }
}
