package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.Emitter;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Hostile strings through every field that can reach a proxy's configuration, all at once per
 * field, next to a good route; shared by every target. Through a real proxy: the config checks,
 * the good route still works, and every probe (the good route, the hostile path or host where it
 * can be sent) answers as the oracle says. Each hostile Ingress is either rejected with an error or,
 * when its value is valid, served literally, which the oracle comparison proves.
 */
public final class HostileInputs {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String NS = "default";

  private HostileInputs() {}

  public static final List<String> HOSTILE = List.of(
      "\"; return 200 \"pwned\"; #",
      "x; } server { listen 1; return 200 pwned; } #",
      "x\n    return 200 pwned;",
      "x\r\nHost: pwned",
      "$host",
      "${pwned}",
      "x\\\";",
      "' or '1'='1",
      "x{y}",
      "x y",
      "x\ty",
      "x\u0000y",
      "~^(.*)$",
      "%24host",
      "../../etc/passwd",
      "é",
      "*",
      "@pwned",
      "x(a)*+,=:@!&~",
      "include /etc/passwd;");

  /** Regexes that try to leave a quoted nginx string, an HAProxy word or a JSON string, or to expand a variable. */
  public static final List<String> REGEX_HOSTILE = List.of(
      "/x\\\"; return 200 pwned; #",
      "/(.*)$host",
      "/.*\\$\\{pwned\\}",
      "/x\\}\\{",
      "/x\\",
      "/x\\\\",
      "/[\\]'\\[]",
      "/(?:a|b)$",
      "/a'\\''b",
      "/x)|(pwned",
      "/x\\x22",
      "/x\\u0022",
      "/(?i)pwned",
      "/[a-z]{1000}");

  /** Field name, and the objects that carry hostile value {@code h} as Ingress number {@code i}. */
  public static Stream<Arguments> fields() {
    List<Arguments> out = new ArrayList<>();
    // The objects' own fields first, then the annotations', each in its own class.
    HostileObjectFields.addTo(out);
    HostileAnnotationFields.addTo(out);
    return out.stream();
  }

  /** Runs one field's hostile objects through {@code emitter} and a real proxy, and checks the outcome. */
  public static void assertRejectedOrInert(String field, BiFunction<Integer, String, String> hostile, Emitter emitter,
      ProxyLauncher proxy) {
    List<Probe> probes = new ArrayList<>(List.of(Probe.http("good.example.com", "/"),
        Probe.http("good.example.com", "/x?y=1"), Probe.http("victim.example.com", "/")));
    for (int i = 0; i < HOSTILE.size(); i++) {
      String h = HOSTILE.get(i);
      if (sendable(h)) {
        probes.add(Probe.http("victim.example.com", "/" + h));
        probes.add(Probe.http("victim" + i + ".example.com", "/"));
        probes.add(Probe.http("good.example.com", "/" + h));
      }
    }
    E2eCase c = E2eCase.of("injection-" + field, ctx -> good(ctx) + objects(hostile), probes);
    E2eRunner.Outcome outcome = new E2eRunner(emitter, proxy).run(c);
    String config = outcome.files().files().stream().filter(f -> !f.secret())
        .map(f -> "## " + f.path() + "\n" + f.text()).collect(Collectors.joining());
    assertThat(outcome.check().ok()).as("%s check: %s\n%s", proxy.kind().name(), outcome.check().output(), config)
        .isTrue();
    assertThat(outcome.mismatches()).as(config).isEmpty();
    assertThat(outcome.compilation().takenIngresses()).contains("default/good");
    List<Diagnostic> problems = outcome.compilation().diagnostics().list().stream()
        .filter(d -> d.severity() != Severity.NOTE).toList();
    if (problems.isEmpty()) {
      // Nothing to report only when no hostile value reaches the config at all (annotations).
      assertThat(config).doesNotContain("pwned", "passwd");
    }
    for (EmittedFile f : outcome.files().files()) {
      if (!f.secret()) {
        assertNoInjectedDirective(f.text());
      }
    }
  }

  /** No line of the config starts a directive that a hostile value spelled (inside quotes they are inert). */
  public static void assertNoInjectedDirective(String conf) {
    for (String line : conf.split("\n")) {
      assertThat(line.strip()).as(conf).doesNotStartWith("return 200 pwned").doesNotStartWith("listen 1")
          .doesNotStartWith("include /etc").doesNotStartWith("server {listen").doesNotStartWith("Host:");
    }
  }

  /** The good route every hostile case serves next to its hostile objects. */
  static String good(CaseContext ctx) {
    return ctx.service(NS, "web", 80) + ctx.service(NS, "good", 80)
        + ctx.tlsSecret(NS, "good-cert", "good.example.com", "victim.example.com")
        + ingress(NS, "good", rule("good.example.com", prefix("/", "good", 80)));
  }

  /** Every hostile value of one field, as the objects that carry it. */
  public static String objects(BiFunction<Integer, String, String> hostile) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < HOSTILE.size(); i++) {
      sb.append(hostile.apply(i, HOSTILE.get(i)));
    }
    return sb.toString();
  }

  /** A request target nginx and the oracle read alike: no bytes that end or split a request line, no escapes, no dot segments. */
  private static boolean sendable(String h) {
    return h.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '#' && c != '%' && c != '?') && !h.contains("..");
  }

  static Arguments field(String name, BiFunction<Integer, String, String> hostile) {
    return Arguments.of(name, hostile);
  }

  /** {@code s} as a JSON (and so YAML flow) string. */
  static String json(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
