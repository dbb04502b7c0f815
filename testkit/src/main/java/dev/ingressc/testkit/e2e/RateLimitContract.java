package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.emit.Emitter;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Rate limits (SEMANTICS.md, Rate limits) through a real proxy: a bounded burst from one client to
 * a route with {@code limit-rps: 5} (burst 25) is let through for 26 requests, within 20 %, then
 * answered 503 without reaching the backend; another client, and the same client on another route,
 * are not limited by it, nor is a client in its {@code limit-whitelist}, whose burst goes through
 * whole. limit-connections likewise ({@link #requestsInProgressBeyondTheConnectionLimitGet503}). A
 * target's test extends this with {@code @RealProxy}; Envoy lacks connection limits.
 */
public abstract class RateLimitContract {
  private static final String NS = "default";
  /** More than the burst lets through, sent as fast as one connection after another allows. */
  private static final int BURST = 60;
  private static final int LET_THROUGH = 26;

  /** The emitter under test. */
  protected abstract Emitter emitter();

  @Test
  void aBurstFromOneClientIsCutAfterTheLimitWith503(ProxyLauncher proxy) {
    try (EchoBackends backends = new EchoBackends(); CaseContext ctx = new CaseContext(backends)) {
      String yaml = ctx.service(NS, "web", 80)
          + ingress(NS, "limited", NginxAnnotations.created("2024-01-01T00:00:00Z", "limit-rps", "5",
              "limit-whitelist", "127.0.0.3/32, 10.0.0.0/8, ::1"), "", rule("limited.example.com", prefix("/", "web", 80)))
          + ingress(NS, "other", NginxAnnotations.created("2024-01-02T00:00:00Z", "limit-rps", "5"), "",
              rule("other.example.com", prefix("/", "web", 80)));
      try (Deployment d = Deployment.of("rate-limit", yaml, CompileOptions.defaults(), emitter(), proxy)) {
        assertThat(d.running()).as("config check: %s", d.check().output()).isTrue();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
          statuses.add(HttpProbe.getWith(d.address(), d.httpPort(), "limited.example.com", "/", List.of(),
              Optional.of("127.0.0.1")).status());
        }
        int through = statuses.indexOf(503);
        assertThat(through).as("statuses %s\nproxy: %s", statuses, d.proxyOutput())
            .isBetween((int) Math.floor(LET_THROUGH * 0.8), (int) Math.ceil(LET_THROUGH * 1.2));
        assertThat(statuses.subList(0, through)).as("statuses %s", statuses).containsOnly(200);
        assertThat(statuses.subList(through, BURST)).as("statuses %s", statuses).isSubsetOf(200, 503)
            .filteredOn(s -> s == 200).hasSizeLessThanOrEqualTo(3); // at most what drains meanwhile
        // Per client address, per route.
        assertThat(HttpProbe.getWith(d.address(), d.httpPort(), "limited.example.com", "/", List.of(),
            Optional.of("127.0.0.2")).status()).isEqualTo(200);
        assertThat(HttpProbe.getWith(d.address(), d.httpPort(), "other.example.com", "/", List.of(),
            Optional.of("127.0.0.1")).status()).isEqualTo(200);
        // limit-whitelist: a client in its ranges is never limited, the whole burst through.
        List<Integer> exempt = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
          exempt.add(HttpProbe.getWith(d.address(), d.httpPort(), "limited.example.com", "/", List.of(),
              Optional.of("127.0.0.3")).status());
        }
        assertThat(exempt).as("statuses of the exempt client %s", exempt).containsOnly(200);
      }
    }
  }

  /**
   * limit-connections: 2. Two slow requests of one client hold the limit; a third from it gets 503
   * without reaching the backend, another client is not limited, nor is a client in the
   * limit-whitelist with three; once the slow ones end, the first client is let in again.
   */
  @Test
  void requestsInProgressBeyondTheConnectionLimitGet503(ProxyLauncher proxy) throws Exception {
    try (EchoBackends backends = new EchoBackends(); CaseContext ctx = new CaseContext(backends)) {
      String yaml = ctx.service(NS, "web", 80)
          + ingress(NS, "conns", NginxAnnotations.created("2024-01-01T00:00:00Z", "limit-connections", "2",
              "limit-whitelist", "127.0.0.3"), "", rule("conns.example.com", prefix("/", "web", 80)))
          // The same Service unlimited on another host: the limit is the route's, never its Service's.
          + ingress(NS, "plain", "  creationTimestamp: '2024-01-02T00:00:00Z'\n", "",
              rule("plain.example.com", prefix("/", "web", 80)));
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
      try (Deployment d = Deployment.of("connection-limit", yaml, CompileOptions.defaults(), emitter(), proxy)) {
        assertThat(d.running()).as("config check: %s", d.check().output()).isTrue();
        java.util.function.Function<String, java.util.concurrent.Future<Integer>> slow = client -> pool.submit(() ->
            HttpProbe.getWith(d.address(), d.httpPort(), "conns.example.com", "/", List.of(EchoBackends.STREAM_FIELD
                + ": 3000"), Optional.of(client)).status());
        List<java.util.concurrent.Future<Integer>> held = List.of(slow.apply("127.0.0.1"), slow.apply("127.0.0.1"));
        List<java.util.concurrent.Future<Integer>> exempt = List.of(slow.apply("127.0.0.3"), slow.apply("127.0.0.3"),
            slow.apply("127.0.0.3"));
        Thread.sleep(1000); // all five are in progress: each answer's last chunk comes after 3 s
        assertThat(HttpProbe.getWith(d.address(), d.httpPort(), "conns.example.com", "/", List.of(),
            Optional.of("127.0.0.1")).status()).as("a third request of the first client").isEqualTo(503);
        assertThat(HttpProbe.getWith(d.address(), d.httpPort(), "conns.example.com", "/", List.of(),
            Optional.of("127.0.0.2")).status()).as("another client").isEqualTo(200);
        assertThat(HttpProbe.getWith(d.address(), d.httpPort(), "plain.example.com", "/", List.of(),
            Optional.of("127.0.0.1")).status()).as("the same client on an unlimited route").isEqualTo(200);
        assertThat(HttpProbe.getWith(d.address(), d.httpPort(), "conns.example.com", "/", List.of(),
            Optional.of("127.0.0.3")).status()).as("a fourth request of the exempt client").isEqualTo(200);
        for (var f : held) {
          assertThat(f.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
        }
        for (var f : exempt) {
          assertThat(f.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
        }
        assertThat(HttpProbe.getWith(d.address(), d.httpPort(), "conns.example.com", "/", List.of(),
            Optional.of("127.0.0.1")).status()).as("once the slow ones ended").isEqualTo(200);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
