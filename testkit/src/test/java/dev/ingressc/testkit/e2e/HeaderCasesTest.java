package dev.ingressc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testkit.http.EchoBackends;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The forwarding-headers case is worth replaying (a target that ignored upstream-vhost or passed a
 * forged header on would disagree), and {@link ForwardingHeaders} finds every way a backend's
 * headers can go wrong (SEMANTICS.md, Forwarding headers).
 */
class HeaderCasesTest {
  private static final Probe FORGED = new Probe("a.example.com", "/", Optional.empty(), false, 1, Probe.Spread.ANY,
      Map.of("X-Forwarded-For", "203.0.113.7", "X-Request-ID", "mine", "Proxy", "http://p:1"));

  @Test
  void theCaseRewritesSomeHostsRejectsBadValuesAndForgesHeaders() {
    E2eCase c = HeaderCases.forwardingHeaders();
    try (EchoBackends backends = new EchoBackends()) {
      String yaml = c.manifests().apply(new CaseContext(backends));
      Compiler.Compilation compiled = Compiler.compileText("headers.yaml", yaml, CompileOptions.defaults());
      List<String> rejected = compiled.diagnostics().list().stream().filter(d -> d.severity() == Severity.ERROR)
          .map(Diagnostic::object).toList();
      assertThat(rejected).anyMatch(o -> o.contains("bad-vhost")).anyMatch(o -> o.contains("bad-port"))
          .noneMatch(o -> o.contains("vhosted") || o.contains("by-ip") || o.contains("empty-vhost"));
      RouteOracle oracle = new RouteOracle(compiled.ir());
      int rewritten = 0;
      int canary = 0;
      int plainServed = 0;
      for (Probe p : c.probes()) {
        RouteAnswer a = oracle.route(new RouteRequest(p.host(), p.target(),
            p.https() ? Optional.of(p.sni().orElse("")) : Optional.empty(), 443).withHeaders(p.fields()));
        rewritten += a.status() == 200 && !a.backendHost(p.host()).equals(p.host()) ? 1 : 0;
        plainServed += !p.https() && a.status() == 200 ? 1 : 0;
        boolean toCanary = a.canary().filter(k -> k.side() == dev.ingressc.ir.Canary.Side.CANARY).isPresent();
        canary += toCanary && !a.backendHost(p.host()).equals(p.host()) ? 1 : 0;
      }
      assertThat(rewritten).as("probes whose backend gets another Host").isEqualTo(8);
      assertThat(plainServed).as("plain HTTP probes served (not redirected)").isGreaterThan(8);
      assertThat(canary).as("a canary's backend gets the main route's upstream-vhost").isEqualTo(1);
      assertThat(c.probes()).anyMatch(p -> p.https() && p.fields().containsKey("X-Forwarded-For"))
          .anyMatch(p -> !p.https() && p.fields().containsKey("X-Forwarded-For"))
          .anyMatch(p -> p.https() && p.fields().isEmpty());
    }
  }

  /** What a backend must see for {@link #FORGED} through port 8080. */
  private static Map<String, String> right() {
    Map<String, String> m = new TreeMap<>(Map.of("x-forwarded-host", "a.example.com", "x-forwarded-proto", "http",
        "x-forwarded-scheme", "http", "x-scheme", "http", "x-real-ip", "127.0.0.1", "x-forwarded-for", "127.0.0.1",
        "x-original-forwarded-for", "203.0.113.7", "x-forwarded-port", "8080", "x-request-id", "mine"));
    return m;
  }

  private static List<String> problems(UnaryOperator<Map<String, String>> change, String host) {
    RouteAnswer ok = new RouteAnswer(200, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        List.of(), Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    return ForwardingHeaders.problems(FORGED, ok, host, change.apply(right()), 8080);
  }

  @Test
  void theRightHeadersHaveNoProblem() {
    assertThat(problems(m -> m, "a.example.com")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "x-forwarded-for, '203.0.113.7, 127.0.0.1'", "x-original-forwarded-for, ", "x-forwarded-port, 80",
      "x-request-id, ", "proxy, http://p:1", "x-real-ip, 10.0.0.1", "x-forwarded-host, evil.example.com",
      "x-scheme, https", "x-forwarded-scheme, ", "x-forwarded-proto, https"})
  void everyWrongHeaderIsAProblem(String name, String value) {
    assertThat(problems(m -> {
      if (value == null) {
        m.remove(name);
      } else {
        m.put(name, value);
      }
      return m;
    }, "a.example.com")).isNotEmpty();
  }

  @Test
  void anotherHostOrAStaleRequestIdIsAProblem() {
    assertThat(problems(m -> m, "internal.example.com")).hasSize(1);
    Probe plain = new Probe("a.example.com", "/", Optional.empty(), false, 1, Probe.Spread.ANY, Map.of());
    RouteAnswer ok = new RouteAnswer(200, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        List.of(), Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    Map<String, String> m = right();
    m.remove("x-original-forwarded-for");
    m.put("x-request-id", "0123456789abcdef0123456789abcdef");
    assertThat(ForwardingHeaders.problems(plain, ok, "a.example.com", m, 8080)).hasSize(1);
    m.put("x-request-id", "01234567-89ab-cdef-0123-456789abcdef");
    assertThat(ForwardingHeaders.problems(plain, ok, "a.example.com", m, 8080)).isEmpty();
  }
}
