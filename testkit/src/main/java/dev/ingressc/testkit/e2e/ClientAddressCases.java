package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingressClass;
import static dev.ingressc.testkit.fixtures.FlowManifests.parameters;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import dev.ingressc.CompileOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Trusted proxies in front (SEMANTICS.md, Client address), with clients bound to different
 * loopback addresses: 127.0.0.2 and 127.0.0.5 are the trusted proxies, 127.0.0.1 and 127.0.0.3
 * clients that forge X-Forwarded-For. A guarded host lets 203.0.113.0/24 and 127.0.0.0/8 in and
 * keeps 198.51.100.0/24 and 127.0.0.3 out; an open host shows the address the backend receives.
 */
public final class ClientAddressCases {
  private static final String NS = "default";
  static final String TRUSTED = "127.0.0.2/32, 127.0.0.5";

  private ClientAddressCases() {}

  public static E2eCase clientAddress() {
    List<Probe> p = new ArrayList<>();
    String[][] table = {
        // source, X-Forwarded-For (null: none)
        {"127.0.0.2", "203.0.113.9"}, // a trusted proxy names a client that is let in
        {"127.0.0.2", "198.51.100.7"}, // ... and one that is kept out
        {"127.0.0.3", "203.0.113.9"}, // a client kept out cannot forge its way in
        {"127.0.0.1", "198.51.100.7"}, // nor can a client let in be kept out by its own field
        {"127.0.0.2", "198.51.100.7, 127.0.0.5"}, // past a trusted hop
        {"127.0.0.2", "198.51.100.7, 203.0.113.9"}, // the first untrusted from the right; the rest is forged
        {"127.0.0.2", "127.0.0.5"}, // all trusted: the leftmost
        {"127.0.0.2", null}, // a trusted proxy that names no one is the client
        {"127.0.0.2", "bogus, 127.0.0.5"}, // an entry that is no address ends the walk
        {"127.0.0.2", "198.51.100.7:4711"}, // a port after the address
        {"127.0.0.2", "2001:db8::1"}, // an IPv6 client, in no allowed range
        {"127.0.0.2", twentyOne()}, // more than 20 entries from a trusted proxy: 403
        {"127.0.0.3", twentyOne()}, // from anyone else the field is not read
    };
    for (String[] row : table) {
      Map<String, String> fields = row[1] == null ? Map.of() : Map.of("X-Forwarded-For", row[1]);
      p.add(Probe.httpFrom(row[0], "guarded.example.com", "/", fields));
      p.add(Probe.httpFrom(row[0], "open.example.com", "/", fields));
    }
    return E2eCase.of("client-address", ctx -> ctx.service(NS, "app", 80)
        + ingressClass("behind-lb", CompileOptions.DEFAULT_CONTROLLER, true, "behind-lb")
        + parameters("behind-lb", "useForwardedHeaders: \"true\", proxyRealIpCidr: \"" + TRUSTED + "\"")
        + ingress(NS, "guarded", NginxAnnotations.created("2024-01-01T00:00:00Z", "allowlist-source-range",
                "203.0.113.0/24, 127.0.0.0/8", "denylist-source-range", "198.51.100.0/24, 127.0.0.3"), "",
            rule("guarded.example.com", prefix("/", "app", 80)))
        + ingress(NS, "open", "  creationTimestamp: '2024-01-02T00:00:00Z'\n", "",
            rule("open.example.com", prefix("/", "app", 80))),
        p);
  }

  private static String twentyOne() {
    return String.join(", ", Collections.nCopies(21, "203.0.113.9"));
  }
}
