package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingressClass;
import static dev.ingressc.testkit.fixtures.FlowManifests.parameters;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import dev.ingressc.CompileOptions;
import dev.ingressc.emit.Emitter;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.EchoBackends.Received;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;

/**
 * The body limit (class parameter {@code proxyBodySize}) through a real proxy, the same requests
 * for every target: bodies with a Content-Length and chunked bodies, under, at and over a limit of
 * 1m (far above any proxy buffer), and under no limit ({@code proxyBodySize: 0}); and an Ingress's
 * own {@code proxy-body-size} over its class's (raised to 3m, lifted with 0, lowered to 1m in the
 * class without a limit; SEMANTICS.md, "Proxy settings per Ingress"). Every answer,
 * and what the echo backend received, is checked; only what a refused chunked body leaves at the
 * backend differs by proxy ({@link ChunkedRefusal}).
 */
public final class BodyLimitCases {
  private static final String NS = "default";
  private static final int LIMIT = 1 << 20;
  private static final int CHUNK = 16 * 1024;
  /** How long a refused request may take to reach the backend, when it reaches it at all. */
  private static final long SETTLE_MS = 3_000;

  /** What the backend receives of a chunked body that the proxy refuses. */
  public enum ChunkedRefusal {
    /** Nothing: the proxy reads the whole body before it connects (nginx's request buffering). */
    NOTHING,
    /**
     * The head and at most the limit's worth of body, then the connection closes within the body,
     * so the request never completes (HAProxy forwards a body as it arrives).
     */
    CUT_WITHIN_THE_LIMIT
  }

  private BodyLimitCases() {}

  /** Runs every request against a fresh deployment and asserts all of them, reporting every failure. */
  public static void assertAll(Emitter emitter, ProxyLauncher launcher, ChunkedRefusal refusal) {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      String yaml = ctx.service(NS, "limited", 80) + ctx.service(NS, "unlimited", 80)
          + ingressClass("default-limits", CompileOptions.DEFAULT_CONTROLLER, true, "")
          + ingressClass("no-limit", CompileOptions.DEFAULT_CONTROLLER, false, "no-limit")
          + parameters("no-limit", "proxyBodySize: 0")
          + ingress(NS, "limited", rule("limited.example.com", prefix("/", "limited", 80)))
          + ingress(NS, "unlimited", "", "  ingressClassName: no-limit\n",
              rule("unlimited.example.com", prefix("/", "unlimited", 80)))
          + ingress(NS, "raised", bodySize("3m"), "", rule("raised.example.com", prefix("/", "limited", 80)))
          + ingress(NS, "lifted", bodySize("0"), "", rule("lifted.example.com", prefix("/", "limited", 80)))
          + ingress(NS, "lowered", bodySize("1m"), "  ingressClassName: no-limit\n",
              rule("lowered.example.com", prefix("/", "unlimited", 80)));
      try (Deployment d = Deployment.of("body-limit", yaml, CompileOptions.defaults(), emitter, launcher)) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(d.running()).as("proxy check: %s", d.check().output()).isTrue();
        if (d.running()) {
          new Run(d, backends, soft).all(refusal);
        }
        soft.assertAll();
      }
    }
  }

  private record Run(Deployment d, EchoBackends backends, SoftAssertions soft) {

    void all(ChunkedRefusal refusal) {
      passes("limited.example.com", "/chunked-small", body(1000), true);
      passes("limited.example.com", "/chunked-under", body(LIMIT - 1), true);
      passes("limited.example.com", "/chunked-at", body(LIMIT), true);
      passes("limited.example.com", "/sized-under", body(1000), false);
      passes("limited.example.com", "/sized-at", body(LIMIT), false);
      passes("unlimited.example.com", "/chunked-no-limit", body(3 * LIMIT), true);
      passes("unlimited.example.com", "/sized-no-limit", body(3 * LIMIT), false);
      passes("raised.example.com", "/raised-sized", body(2 * LIMIT), false);
      passes("raised.example.com", "/raised-chunked-at", body(3 * LIMIT), true);
      passes("lifted.example.com", "/lifted-chunked", body(3 * LIMIT), true);
      for (String[] over : new String[][] {{"raised.example.com", "/raised-over", String.valueOf(3 * LIMIT + 1)},
          {"lowered.example.com", "/lowered-over", String.valueOf(LIMIT + 1)}}) {
        HttpResult r = HttpProbe.http(d.address(), d.httpPort(), "POST", over[0], over[1],
            body(Integer.parseInt(over[2])));
        soft.assertThat(r.status()).as("Content-Length %s over %s's proxy-body-size", over[2], over[0]).isEqualTo(413);
        soft.assertThat(settled(over[1])).as("the backend never sees %s", over[1]).isEmpty();
      }

      HttpResult sized = HttpProbe.http(d.address(), d.httpPort(), "POST", "limited.example.com", "/sized-over",
          body(2 * LIMIT));
      soft.assertThat(sized.status()).as("Content-Length over the limit").isEqualTo(413);
      soft.assertThat(settled("/sized-over")).as("the backend never sees a Content-Length over the limit")
          .isEmpty();

      for (int over : new int[] {LIMIT + 1, 2 * LIMIT, 5 * LIMIT}) {
        String path = "/chunked-over-" + over;
        HttpResult r = HttpProbe.chunkedPost(d.address(), d.httpPort(), "limited.example.com", path, body(over), CHUNK);
        soft.assertThat(r.status()).as("chunked %d bytes over a limit of %d", over, LIMIT).isEqualTo(413);
        List<Received> seen = settled(path);
        if (refusal == ChunkedRefusal.NOTHING) {
          soft.assertThat(seen).as("what the backend received of %s", path).isEmpty();
        } else {
          soft.assertThat(seen).as("what the backend received of %s", path).hasSize(1)
              .allSatisfy(x -> {
                soft.assertThat(x.complete()).as("%s completed at the backend", path).isFalse();
                soft.assertThat(x.bodyBytes()).as("body bytes of %s at the backend", path).isBetween(0L, (long) LIMIT);
              });
        }
      }
    }

    /** The request passes whole: 200, and the backend saw exactly these bytes. */
    private void passes(String host, String path, byte[] body, boolean chunked) {
      HttpResult r = chunked ? HttpProbe.chunkedPost(d.address(), d.httpPort(), host, path, body, CHUNK)
          : HttpProbe.http(d.address(), d.httpPort(), "POST", host, path, body);
      soft.assertThat(r.status()).as("%s %s %d bytes%s", host, path, body.length, chunked ? " chunked" : "")
          .isEqualTo(200);
      if (r.status() == 200) {
        soft.assertThat(r.echo().path("bodyBytes").asLong()).as("body bytes at the backend for %s", path)
            .isEqualTo(body.length);
        soft.assertThat(r.echo().path("bodySha256").asText()).as("body digest at the backend for %s", path)
            .isEqualTo(sha256(body));
      }
    }

    /** What the backend received on {@code path}, once the proxy has had time to send anything it would. */
    private List<Received> settled(String path) {
      long deadline = System.currentTimeMillis() + SETTLE_MS;
      List<Received> seen = onPath(path);
      while (seen.isEmpty() && System.currentTimeMillis() < deadline) {
        sleep(50);
        seen = onPath(path);
      }
      return seen;
    }

    private List<Received> onPath(String path) {
      return backends.received().stream().filter(x -> x.path().equals(path)).toList();
    }
  }

  private static String bodySize(String v) {
    return "  annotations: {nginx.ingress.kubernetes.io/proxy-body-size: \"" + v + "\"}\n";
  }

  private static byte[] body(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
