package dev.ingressc.sidecar;

import dev.ingressc.Compiler.Compilation;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.emit.Emitter;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.sidecar.apply.Applier;
import dev.ingressc.sidecar.apply.ApplyException;
import dev.ingressc.sidecar.apply.ProxyCheck;
import dev.ingressc.sidecar.report.Log;
import dev.ingressc.sidecar.report.Metrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * nginx and HAProxy: write the candidate to a new generation directory, check it with the proxy,
 * point {@code current} at it and apply it (start, reload or runtime API). A candidate that fails
 * the check is never switched to; one the proxy refuses is switched back.
 */
final class FileDelivery implements Delivery {
  private final Emitter emitter;
  private final Applier applier;
  private final Generations generations;
  private final int httpPort;
  private final int httpsPort;
  private final Metrics metrics;

  FileDelivery(Emitter emitter, Applier applier, Generations generations, int httpPort, int httpsPort,
      Metrics metrics) {
    this.emitter = emitter;
    this.applier = applier;
    this.generations = generations;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
    this.metrics = metrics;
  }

  @Override
  public Result deliver(Compilation c, IngressIR served, long t0, long compiled) {
    try {
      return writeCheckAndApply(c, served, t0, compiled);
    } catch (IOException e) {
      Log.error("write_failed", "dir", generations.root(), "error", e.getMessage());
      return Result.notDelivered();
    }
  }

  private Result writeCheckAndApply(Compilation c, IngressIR served, long t0, long compiled) throws IOException {
    IngressIR ir = c.ir();
    Path dir = generations.next();
    EmittedFiles files = emitter.emit(ir, new EmitOptions(httpPort, httpsPort, dir, generations.runtime(),
        Optional.empty()));
    Generations.write(files, dir);
    long gen = Generations.number(dir);
    long written = System.nanoTime();
    ProxyCheck check = applier.validate(dir);
    if (!check.ok()) {
      metrics.validationFailed();
      Log.error("validation_failed", "target", applier.target(), "generation", gen, "dir", dir,
          "output", check.output());
      return Result.refused("validation", check.output());
    }
    Optional<Path> previous = generations.currentTarget();
    generations.switchTo(dir);
    long switched = System.nanoTime();
    String how;
    try {
      if (served == null) {
        applier.start(dir);
        how = "started";
      } else {
        how = applier.apply(served, ir, dir) == Applier.Applied.RUNTIME_UPDATED ? "runtime_api" : "reload";
      }
    } catch (ApplyException e) {
      if (previous.isPresent()) {
        generations.switchTo(previous.get());
      }
      if (served != null) {
        metrics.reloadFailed();
      }
      Log.error("apply_failed", "target", applier.target(), "generation", gen, "error", e.getMessage(),
          "serving", previous.map(p -> p.getFileName().toString()).orElse("nothing"));
      // A running proxy refused the candidate; a proxy that is not running (it never started, e.g.
      // its port is busy, or it just died) may take the same candidate once it runs.
      return applier.running() ? Result.refused("reload", e.getMessage()) : Result.retryLater(e.getMessage());
    }
    double now = System.currentTimeMillis() / 1000.0;
    switch (how) {
      case "reload" -> metrics.reloadSucceeded(now);
      case "runtime_api" -> metrics.runtimeUpdate(now);
      default -> { }
    }
    Log.info("applied", "target", applier.target(), "generation", gen, "how", how,
        "ingresses", c.takenIngresses().size(), "compile_ms", Delivery.ms(compiled - t0),
        "write_ms", Delivery.ms(written - compiled), "check_ms", check.took().toMillis(),
        "apply_ms", Delivery.ms(System.nanoTime() - switched), "total_ms", Delivery.ms(System.nanoTime() - t0));
    generations.prune();
    return Result.served(gen);
  }
}
