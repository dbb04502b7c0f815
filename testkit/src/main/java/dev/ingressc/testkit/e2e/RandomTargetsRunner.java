package dev.ingressc.testkit.e2e;

import dev.ingressc.CompileOptions;
import dev.ingressc.emit.Emitter;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Replays {@link RandomTargets} sets through a real proxy: the echo backends start once, each set
 * is compiled, emitted, checked and served by one proxy process that answers all its requests,
 * and each answer (status, backend, and the target the backend received) is compared with the
 * route oracle's, as {@link E2eRunner} does for the shared cases.
 */
public final class RandomTargetsRunner {
  /** Requests sent to each set. */
  public static final int REQUESTS_PER_SET = 32;
  /** Failing sets described in full; the others are only counted, so the report stays readable. */
  private static final int DESCRIBED_FAILED_SETS = 3;

  private final Emitter emitter;
  private final ProxyLauncher launcher;

  public RandomTargetsRunner(Emitter emitter, ProxyLauncher launcher) {
    this.emitter = emitter;
    this.launcher = launcher;
  }

  /**
   * What a run did.
   *
   * @param failedSets how many sets had a mismatch
   * @param mismatches how many requests disagreed with the oracle, in all sets
   * @param failures the first failing sets: how to reproduce each, its Ingresses and each mismatch
   * @param requesting the part of {@code elapsed} spent sending requests and comparing answers
   */
  public record Report(int sets, int requests, int failedSets, int mismatches, List<String> failures,
      Duration elapsed, Duration requesting) {
    public String summary() {
      return sets + " sets, " + requests + " requests in " + elapsed.toMillis() + " ms (" + requesting.toMillis()
          + " ms of them sending requests, the rest compiling and starting proxies); " + failedSets
          + " sets and " + mismatches + " requests disagree with the oracle";
    }
  }

  public Report run(long seed, List<Integer> indexes) {
    long start = System.nanoTime();
    List<String> failures = new ArrayList<>();
    int sets = 0;
    int requests = 0;
    int failedSets = 0;
    int mismatches = 0;
    long requesting = 0;
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      String services = RandomTargets.services(ctx);
      for (int index : indexes) {
        RandomTargets.TargetSet set = RandomTargets.generate(seed, index, REQUESTS_PER_SET);
        SetResult result = runSet(set, services, ctx);
        List<String> problems = result.problems();
        requesting += result.requestNanos();
        sets++;
        requests += set.probes().size();
        if (!problems.isEmpty()) {
          failedSets++;
          mismatches += problems.size();
          if (failures.size() < DESCRIBED_FAILED_SETS) {
            failures.add(describe(set, problems));
          }
        }
      }
    }
    return new Report(sets, requests, failedSets, mismatches, failures, Duration.ofNanos(System.nanoTime() - start),
        Duration.ofNanos(requesting));
  }

  /** One set's mismatches, and the time its requests took. */
  private record SetResult(List<String> problems, long requestNanos) {}

  private SetResult runSet(RandomTargets.TargetSet set, String services, CaseContext ctx) {
    try (Deployment d = Deployment.of("random-" + set.index(), services + set.ingresses(), CompileOptions.defaults(),
        emitter, launcher)) {
      if (!d.running()) {
        return new SetResult(List.of("the config check failed: " + d.check().output()), 0);
      }
      RouteOracle oracle = new RouteOracle(d.compilation().ir());
      List<String> problems = new ArrayList<>();
      long start = System.nanoTime();
      for (Probe p : set.probes()) {
        RouteAnswer want = oracle.route(new RouteRequest(p.host(), p.target(), Optional.empty(), d.httpsPort()));
        HttpResult got = HttpProbe.get(d.address(), d.httpPort(), p.host(), p.target());
        String problem = E2eRunner.mismatch(p, want, d.compilation().endpoints(), got, ctx);
        if (problem != null) {
          problems.add(p + ": " + problem + "\n      oracle: " + String.join("\n              ", want.explanation()));
        }
      }
      return new SetResult(problems, System.nanoTime() - start);
    }
  }

  /** A failing set as the report shows it: how to reproduce it, its Ingresses, its mismatches. */
  public static String describe(RandomTargets.TargetSet set, List<String> problems) {
    return set.reproduce() + ": " + problems.size() + " of " + set.probes().size() + " requests disagree with the"
        + " oracle\n  Ingresses (Services " + RandomTargets.SERVICES + " in namespace default, port 80):\n"
        + set.ingresses().indent(4) + "  mismatches:\n    " + String.join("\n    ", problems);
  }
}
