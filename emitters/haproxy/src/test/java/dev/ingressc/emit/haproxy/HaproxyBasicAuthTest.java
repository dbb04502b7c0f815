package dev.ingressc.emit.haproxy;

import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.e2e.E2eCase;
import dev.ingressc.testkit.e2e.E2eRunner;
import dev.ingressc.testkit.e2e.Probe;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * HAProxy's basic auth ({@link HaproxyBasicAuth}) beyond the shared case, through a real HAProxy and
 * compared with the oracle: one Secret mixing {SHA} and crypt(3) users, more {SHA} users than one
 * acl line holds, a realm with {@code % # [ ]}, and the Authorization fields HAProxy's own parser
 * would take but the oracle refuses (a prefix of "Basic" as the scheme, a NUL byte in the credentials).
 */
@RealProxy("haproxy")
class HaproxyBasicAuthTest {
  private static final int SHA_USERS = HaproxyBasicAuth.PER_LINE + 10;
  private static final String DAVE = "dave:$6$Salt6789$phfeykHva9wFstYS5W3dIduPwJqvG6M62Z110KCBLdn9FEj3XKP.iQ9T4W3hvWA99Aw3c0JtoLvKL65Q9PI1C0";
  private static final String HANK = "hank:$1$Salt1111$4D6G8wlD2s3gqRbMcNxrM.";
  private static final String REALM = "100% sure #1 [x] {y}";

  @Test
  void mixedUsersAndOddFieldsAreAnsweredAsTheOracleSays(ProxyLauncher haproxy) throws Exception {
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < SHA_USERS; i++) {
      file.append(user(i)).append(":{SHA}").append(Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-1").digest(password(i).getBytes(StandardCharsets.UTF_8)))).append('\n');
    }
    file.append(DAVE).append('\n').append(HANK).append('\n');
    String last = user(SHA_USERS - 1);
    List<Probe> probes = new ArrayList<>();
    for (String host : List.of("mixed.example.com", "again.example.com")) {
      probes.add(Probe.httpWith(host, "/", Map.of()));
      probes.add(Probe.httpWith(host, "/", Map.of("Authorization", basic(user(0) + ":" + password(0)))));
      probes.add(Probe.httpWith(host, "/", Map.of("Authorization", basic(last + ":" + password(SHA_USERS - 1)))));
      probes.add(Probe.httpWith(host, "/", Map.of("Authorization", basic(last + ":" + password(0)))));
      probes.add(Probe.httpWith(host, "/", Map.of("Authorization", basic("dave:pw6"))));
      probes.add(Probe.httpWith(host, "/", Map.of("Authorization", basic("hank:pw1"))));
      probes.add(Probe.httpWith(host, "/", Map.of("Authorization", basic("hank:pw6"))));
    }
    String h = "mixed.example.com";
    String alice = user(0) + ":" + password(0);
    probes.add(Probe.httpWith(h, "/", Map.of("Authorization", "basic " + b64(alice))));
    probes.add(Probe.httpWith(h, "/", Map.of("Authorization", "BASIC  " + b64("hank:pw1"))));
    probes.add(Probe.httpWith(h, "/", Map.of("Authorization", "Bas " + b64(alice))));
    probes.add(Probe.httpWith(h, "/", Map.of("Authorization", "B " + b64("hank:pw1"))));
    probes.add(Probe.httpWith(h, "/", Map.of("Authorization", basic(alice + "\0"))));
    probes.add(Probe.httpWith(h, "/", Map.of("Authorization", basic("hank:pw1\0x"))));
    probes.add(Probe.httpWith(h, "/", Map.of("Authorization", basic("hank\0:pw1"))));
    String secret = """
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: mixed-users, namespace: default}
        data: {auth: %s}
        """.formatted(b64(file.toString()));
    String annotations = "  annotations: {nginx.ingress.kubernetes.io/auth-type: basic,"
        + " nginx.ingress.kubernetes.io/auth-secret: mixed-users, nginx.ingress.kubernetes.io/auth-realm: '" + REALM
        + "'}\n";
    E2eRunner.Outcome outcome = new E2eRunner(new HaproxyEmitter(), haproxy).run(E2eCase.of("basic-auth-haproxy",
        ctx -> ctx.service("default", "app", 80) + ctx.service("default", "next", 80) + secret
            + ingress("default", "mixed", annotations, "", rule("mixed.example.com", prefix("/", "app", 80)))
            + ingress("default", "again", annotations, "", rule("again.example.com", prefix("/", "next", 80))),
        probes));
    String cfg = outcome.files().file("haproxy.cfg").orElseThrow().text();
    assertThat(outcome.check().ok()).as("haproxy -c:\n%s\n%s", outcome.check().output(), cfg).isTrue();
    assertThat(outcome.mismatches()).as("haproxy.cfg:\n%s\nhaproxy output:\n%s", cfg, outcome.proxyOutput()).isEmpty();
    // Two backends, one userlist of the Secret's crypt(3) users; the {SHA} users take two acl lines in each.
    assertThat(Pattern.compile("(?m)^userlist ").matcher(cfg).results().count()).as(cfg).isEqualTo(1);
    assertThat(Pattern.compile("(?m)^    acl ingressc_basic_user var\\(").matcher(cfg).results().count()).as(cfg)
        .isEqualTo(4);
    assertThat(Pattern.compile("(?m)^    acl ingressc_basic_user http_auth\\(").matcher(cfg).results().count()).as(cfg)
        .isEqualTo(2);
  }

  private static String user(int i) {
    return String.format("u%02d", i);
  }

  private static String password(int i) {
    return "pw-" + i;
  }

  private static String basic(String userColonPassword) {
    return "Basic " + b64(userColonPassword);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
