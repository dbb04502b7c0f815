package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.diag.Severity;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The step tls: each TLS host's certificate, oldest Ingress first; a host its certificate does not cover gets none. */
class TlsStepTest {
  /** Secrets by name: "ab" covers a.com and b.com, "wild" covers *.a.com; any other does not exist. */
  private static final TlsChoices.Secrets SECRETS = (ns, name, error, warning) -> switch (name) {
    case "ab" -> Optional.of(new CheckedSecret(ns + "/ab", "", null, null, List.of("a.com", "b.com")));
    case "wild" -> Optional.of(new CheckedSecret(ns + "/wild", "", null, null, List.of("*.a.com")));
    default -> Optional.empty();
  };

  private static final Set<String> SERVED = Set.of("a.com", "b.com", "x.a.com", "*.a.com");

  /**
   * Each row: the TLS entries of an old and a new Ingress (secret:host,host; "-" for none), both
   * with rules for a.com and b.com; the chosen secret per host; the warnings and errors reported.
   */
  @ParameterizedTest(name = "old {0}, new {1}")
  @CsvSource(delimiter = '|', value = {
      "ab:a.com          | -          | a.com=ab                 | 0 | 0",
      "ab:               | -          | a.com=ab b.com=ab        | 0 | 0",
      "ab:c.com          | -          | ''                       | 0 | 1",
      "wild:x.a.com      | -          | x.a.com=wild             | 0 | 0",
      "wild:a.com        | -          | ''                       | 0 | 1",
      "wild:             | -          | ''                       | 1 | 0",
      "ab:a.com          | wild:a.com | a.com=ab                 | 0 | 1",
      "wild:x.a.com      | ab:x.a.com | x.a.com=wild             | 0 | 1",
      "ab:a.com          | ab:a.com   | a.com=ab                 | 0 | 0",
      "ab:zz.a.com       | -          | ''                       | 0 | 1",
      "wild:y.a.com      | -          | y.a.com=wild             | 0 | 0"})
  void oldestFirstAndOnlyCoveredHosts(String old, String young, String chosen, int warnings, int errors) {
    Diagnostics out = new Diagnostics();
    Map<String, TlsChoices.Choice> choices = TlsChoices.choose(List.of(taken("old", "2020-01-01T00:00:00Z", old),
        taken("new", "2021-01-01T00:00:00Z", young)), SERVED::contains, SECRETS, out);
    Map<String, String> bySecret = new TreeMap<>();
    choices.forEach((h, c) -> bySecret.put(h, c.secret().id().substring("default/".length())));
    Map<String, String> expected = new TreeMap<>();
    for (String pair : chosen.trim().split(" +")) {
      if (!pair.isEmpty()) {
        expected.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
    }
    assertThat(bySecret).isEqualTo(expected);
    assertThat(out.list()).filteredOn(d -> d.severity() == Severity.WARNING).hasSize(warnings);
    assertThat(out.list()).filteredOn(d -> d.severity() == Severity.ERROR).hasSize(errors);
  }

  private static Taken taken(String name, String created, String tls) {
    var ing = Manifests.ingress(name).created(created).rule("a.com").path("/", "Prefix", "web", 80)
        .rule("b.com").path("/", "Prefix", "web", 80);
    if (!tls.equals("-")) {
      String secret = tls.substring(0, tls.indexOf(':'));
      String hosts = tls.substring(tls.indexOf(':') + 1);
      ing.tls(secret, hosts.isEmpty() ? new String[0] : hosts.split(","));
    }
    return StepFixtures.taken(ing.yaml());
  }

  @Test
  void aTlsHostNoRuleServesIsWarned() {
    Diagnostics out = new Diagnostics();
    TlsChoices.choose(List.of(taken("old", "2020-01-01T00:00:00Z", "ab:a.com")), h -> false, SECRETS, out);
    assertThat(out.list()).extracting(Diagnostic::message).containsExactly("tls host \"a.com\" is not served by any rule");
  }

  @Test
  void aMissingSecretIsReportedAgainstTheEntry() {
    Diagnostics out = new Diagnostics();
    TlsChoices.Secrets missing = (ns, name, error, warning) -> {
      out.add(error.apply("Secret " + ns + "/" + name + ": not found"));
      return Optional.empty();
    };
    assertThat(TlsChoices.choose(List.of(taken("old", "2020-01-01T00:00:00Z", "gone:a.com")), SERVED::contains, missing, out))
        .isEmpty();
    assertThat(out.list()).extracting(Diagnostic::field, Diagnostic::message).containsExactly(org.assertj.core.groups.Tuple
        .tuple("spec.tls[0].secretName", "Secret default/gone: not found; its hosts are served over HTTP only"));
  }
}
