package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.FlagValue;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.ir.BackendProtocol;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The step merge, per host: in conflict order, the first Ingress to claim a host, match and path wins. */
class MergeStepTest {
  private static final String T0 = "2020-01-01T00:00:00Z";
  private static final String T1 = "2021-01-01T00:00:00Z";

  /** Resolves every Service port to an available upstream of its own name, and counts the lookups. */
  private static final class FakeCells implements Merge.Cells {
    final List<BackendRef> looked = new ArrayList<>();

    @Override
    public Resolution.Cell service(BackendRef.ServicePort ref, LoadBalancing lb, BackendProtocol protocol) {
      looked.add(ref);
      Upstream u = new Upstream(ref.display(), UpstreamKind.DNS, lb, protocol, "");
      return new Resolution.Cell(new BackendResolver.Proposal(ref, u, List.of(), BackendResolver.Check.SETTINGS, lb, protocol, "",
          List.of(), ref.namespace() + "/" + ref.service(), List.of()));
    }

    @Override
    public Resolution.Cell resource(BackendRef.Resource ref, ClassParameters params) {
      throw new AssertionError("no resource backends here");
    }

    @Override
    public dev.ingressc.ir.BasicAuth.Credentials credentials(AuthSecrets.Key key) {
      throw new AssertionError("no basic auth here");
    }
  }

  /**
   * Each row: Ingresses as name@created:path>service, already in conflict order as the memo hands them;
   * the routes of host h.com (path>service, in precedence order), and how many losers are warned.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a@T0:/x>s1                    | /x>s1           | 0",
      "a@T0:/x>s1 b@T1:/x>s2         | /x>s1           | 1",
      "a@T0:/x>s1 b@T1:/x/>s2        | /x>s1           | 1",
      "a@T0:/x>s1 b@T0:/x>s2         | /x>s1           | 1",
      "a@T0:/x>s1 b@T1:/y>s2         | /x>s1 /y>s2     | 0",
      "a@T0:/>s1 b@T1:/long>s2       | /long>s2 />s1   | 0",
      "a@T0:/x>s1 a@T0:/x>s3         | /x>s1           | 1"})
  void firstClaimWins(String ingresses, String routes, int warned) {
    List<Taken> contenders = new ArrayList<>();
    for (String spec : ingresses.trim().split(" +")) {
      String name = spec.substring(0, spec.indexOf('@'));
      String created = spec.substring(spec.indexOf('@') + 1, spec.indexOf(':')).equals("T0") ? T0 : T1;
      String path = spec.substring(spec.indexOf(':') + 1, spec.indexOf('>'));
      String service = spec.substring(spec.indexOf('>') + 1);
      if (!contenders.isEmpty() && contenders.get(contenders.size() - 1).id().equals("default/" + name)) {
        // The same Ingress twice: a second path of it.
        Taken last = contenders.remove(contenders.size() - 1);
        contenders.add(StepFixtures.taken(Manifests.ingress(name).created(created).rule("h.com")
            .path("/x", "Prefix", "s1", 80).path(path, "Prefix", service, 80).yaml()));
        continue;
      }
      contenders.add(StepFixtures.taken(name, created, "h.com", path, service));
    }
    HostRoutes out = Merge.host("h.com", contenders, new FakeCells());
    assertThat(out.routes).extracting(r -> r.path() + ">" + ((BackendRef.ServicePort) r.backend().ref()).service())
        .containsExactly(routes.trim().split(" +"));
    assertThat(out.diagnostics).hasSize(warned);
    assertThat(out.diagnostics).allSatisfy(d -> assertThat(d.message()).startsWith("ignored: host \"h.com\" path"));
    assertThat(out.resolutions).hasSize(out.routes.size());
  }

  @Test
  void aHostTakesOnlyTheRulesForIt() {
    Taken both = StepFixtures.taken(Manifests.ingress("a").rule("h.com").path("/", "Prefix", "s1", 80)
        .rule("other.com").path("/", "Prefix", "s2", 80).yaml());
    FakeCells cells = new FakeCells();
    HostRoutes out = Merge.host("h.com", List.of(both), cells);
    assertThat(out.routes).extracting(Route::path).containsExactly("/");
    assertThat(cells.looked).containsExactly(new BackendRef.ServicePort("default", "s1", 80, ""));
  }

  @Test
  void theOldestDefaultBackendWinsAndTheControllersComesLast() {
    Taken older = StepFixtures.taken(Manifests.ingress("old").created(T0).defaultBackend("s1", 80).yaml());
    Taken newer = StepFixtures.taken(Manifests.ingress("new").created(T1).defaultBackend("s2", 80).yaml());
    var controller = Optional.of(FlagValue.of(new BackendRef.ServicePort("ops", "backstop", 8080, "")));
    HostRoutes out = Merge.defaults(List.of(older, newer), controller, new FakeCells());
    assertThat(out.backend.upstream()).isEqualTo("default/s1:80");
    assertThat(out.diagnostics).extracting(Diagnostic::message).containsExactly(
        "ignored: Ingress default/old also has a defaultBackend and wins (it is older)");

    HostRoutes none = Merge.defaults(List.of(), controller, new FakeCells());
    assertThat(none.backend.upstream()).isEqualTo("ops/backstop:8080");
    assertThat(none.backend.origin().field()).isEqualTo("--default-backend");

    HostRoutes malformed = Merge.defaults(List.of(), Optional.of(FlagValue.invalid("\"x\" is not NAMESPACE/SERVICE:PORT")),
        new FakeCells());
    assertThat(malformed.backend).isNull();
    assertThat(malformed.diagnostics).extracting(Diagnostic::message)
        .containsExactly("\"x\" is not NAMESPACE/SERVICE:PORT; no controller default backend is used");
    assertThat(Arrays.asList(Merge.defaults(List.of(), Optional.empty(), new FakeCells()).backend)).containsOnlyNulls();
  }
}
