package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.ir.Backend;
import dev.ingressc.ir.BackendProtocol;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.Origin;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The step upstreams: an upstream shared by resolutions that propose different settings is built
 * by the first in the spec's order, and the others are told theirs is not applied.
 */
class UpstreamsStepTest {
  private static final BackendRef.ServicePort REF = new BackendRef.ServicePort("default", "web", 80, "");

  private static Taken taken(String name, String created) {
    return StepFixtures.taken(name, created, "h.com", "/", "web");
  }

  private static Resolution resolution(Taken from, int seq, LoadBalancing lb, boolean available, Map<String, Resolution.Cell> cells,
      Duration connect) {
    Resolution.Cell cell = cells.computeIfAbsent(lb + "/" + available, k -> new Resolution.Cell(new BackendResolver.Proposal(REF,
        new Upstream("default/web:80", available ? UpstreamKind.STATIC : UpstreamKind.UNAVAILABLE,
            lb, BackendProtocol.HTTP, available ? "" : "down"),
        available ? List.of(new Endpoint("10.0.0.1", 8080)) : List.of(), BackendResolver.Check.SETTINGS_AND_READY, lb, BackendProtocol.HTTP, "no ready endpoint", List.of(), "default/web",
        List.of())));
    String field = from == null ? "--default-backend" : "spec.rules[0].http.paths[" + seq + "].backend";
    return new Resolution(from, seq, new Backend(REF, "default/web:80", new Origin("", "", field)), cell, field, connect);
  }

  /**
   * Each row: the resolutions as ingress@created:loadBalancing:connectSeconds (in any order; "ctl" is the
   * controller's default backend), whether the Service has endpoints; the upstream's load balancing, its
   * connect timeout, how many warnings.
   */
  @ParameterizedTest(name = "{0}, available {1}")
  @CsvSource(delimiter = '|', value = {
      "a@T0:rr:5                      | true  | ROUND_ROBIN       | 5 | 0",
      "a@T0:rr:5 b@T1:rr:3            | true  | ROUND_ROBIN       | 5 | 0",
      "a@T0:lc:2 b@T1:rr:7            | true  | LEAST_CONNECTIONS | 7 | 1",
      "b@T1:rr:2 a@T0:lc:2            | true  | LEAST_CONNECTIONS | 2 | 1",
      "a@T1:rr:2 b@T1:lc:2            | true  | ROUND_ROBIN       | 2 | 1",
      "ctl@-:rr:5 a@T1:lc:2           | true  | LEAST_CONNECTIONS | 5 | 1",
      "a@T0:rr:5 b@T1:rr:5            | false | ROUND_ROBIN       | 5 | 2",
      "a@T0:lc:5 b@T1:rr:5            | false | LEAST_CONNECTIONS | 5 | 2"})
  void theFirstInTheSpecsOrderBuildsIt(String resolutions, boolean available, LoadBalancing lb, int connect, int warned) {
    Map<String, Resolution.Cell> cells = new java.util.HashMap<>();
    List<Resolution> members = new ArrayList<>();
    for (String spec : resolutions.trim().split(" +")) {
      String[] p = spec.split("[@:]");
      Taken from = p[0].equals("ctl") ? null
          : taken(p[0], p[1].equals("T0") ? "2020-01-01T00:00:00Z" : "2021-01-01T00:00:00Z");
      LoadBalancing l = p[2].equals("lc") ? LoadBalancing.LEAST_CONNECTIONS : LoadBalancing.ROUND_ROBIN;
      members.add(resolution(from, 0, l, available, cells, Duration.ofSeconds(Integer.parseInt(p[3]))));
    }
    Map<Resolution.Cell, Boolean> distinct = new IdentityHashMap<>();
    members.forEach(m -> distinct.put(m.cell(), true));
    Diagnostics out = new Diagnostics();
    Upstream u = Upstreams.assemble(members, distinct.keySet(), out).upstream();
    assertThat(u.loadBalancing()).isEqualTo(lb);
    assertThat(u.connectTimeout()).isEqualTo(Duration.ofSeconds(connect));
    assertThat(out.list()).hasSize(warned);
  }
}
