package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** upstream-vhost (SEMANTICS.md, Forwarding headers): the Host a route's backend receives, as the oracle answers it. */
class UpstreamVhostsTest {
  private static final String KEY = "nginx.ingress.kubernetes.io/upstream-vhost";

  /** a.example.com: "/x" from Ingress x with the annotation, "/" from Ingress main without. */
  private static Compiled compiled(String value) {
    return Compiled.docs(Manifests.ingress("main").created("2024-01-01T00:00:00Z")
            .rule("a.example.com").path("/", "Prefix", "web", 80).yaml(),
        Manifests.ingress("x").created("2024-02-01T00:00:00Z").annotation(KEY, value)
            .rule("a.example.com").path("/x", "Prefix", "web", 80).yaml(),
        Manifests.service("web", 80));
  }

  @ParameterizedTest
  @CsvSource(value = {
      // value | Host the backend of /x receives (REJECTED: the Ingress is rejected, /x falls to /) | severity
      "internal.example.com | internal.example.com | ",
      "Internal.Example.com:8080 | Internal.Example.com:8080 | ",
      "10.1.2.3:80 | 10.1.2.3:80 | ",
      "svc | svc | ",
      "'' | a.example.com | WARNING",
      "a b | REJECTED | ERROR",
      "x.example.com:0 | REJECTED | ERROR",
      "x.example.com:65536 | REJECTED | ERROR",
      "x.example.com:80:81 | REJECTED | ERROR",
      "'x.example.com\"; proxy_pass http://evil' | REJECTED | ERROR",
      "x.example.com\\r\\nX-Evil: 1 | REJECTED | ERROR",
      "-x.example.com | REJECTED | ERROR",
      "x..example.com | REJECTED | ERROR",
      "[::1]:80 | REJECTED | ERROR",
      "%[req.hdr(cookie)] | REJECTED | ERROR",
      "$http_cookie | REJECTED | ERROR"}, delimiter = '|')
  void theBackendReceivesTheValidatedHost(String value, String backendHost, Severity severity) {
    Compiled c = compiled(value.replace("\\r\\n", "\r\n"));
    RouteAnswer x = c.route("a.example.com", "/x/y");
    RouteAnswer root = c.route("a.example.com", "/");
    if (backendHost.equals("REJECTED")) {
      assertThat(x.route().orElseThrow().path()).as("the Ingress is rejected: / serves").isEqualTo("/");
    } else {
      assertThat(x.route().orElseThrow().path()).isEqualTo("/x");
      assertThat(x.backendHost("a.example.com")).isEqualTo(backendHost);
    }
    assertThat(root.backendHost("a.example.com")).as("another Ingress's route keeps the client's Host")
        .isEqualTo("a.example.com");
    List<Diagnostic> found = c.diagnostics().stream().filter(d -> d.field().equals("metadata.annotations[" + KEY + "]"))
        .toList();
    assertThat(found).extracting(Diagnostic::severity).containsExactlyElementsOf(severity == null ? List.of()
        : List.of(severity));
    if (backendHost.contains(".") && !value.isEmpty()) {
      assertThat(x.explanation()).anyMatch(l -> l.contains("the backend receives Host \"" + backendHost + "\""));
    }
  }
}
