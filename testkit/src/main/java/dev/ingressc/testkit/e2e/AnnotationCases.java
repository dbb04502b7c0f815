package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import java.util.List;

/** Annotations that ingressc does not honour, seen through a real proxy (SEMANTICS.md, Annotations). */
final class AnnotationCases {
  private static final String NS = "default";

  private AnnotationCases() {}

  /**
   * ingress-nginx annotations that ingressc cannot honour never serve an Ingress open: basic auth
   * whose Secret is missing answers 503, an auth-url that cannot be used as written and a snippet
   * reject their Ingresses, while an Ingress with only unhonoured-but-open
   * annotations is still served (canaries are honoured now: {@link CanaryCases}).
   */
  static E2eCase annotationsFailClosed() {
    String nginx = "nginx.ingress.kubernetes.io/";
    return E2eCase.of("annotations-fail-closed", ctx -> ctx.service(NS, "shop", 80)
        + ctx.service(NS, "dashboard", 80)
        // Basic auth whose Secret is missing answers 503 (BasicAuthCases has the rest). An auth-url that cannot be used rejects.
        + ingress(NS, "dashboard", "  annotations: {" + nginx + "auth-type: basic, " + nginx + "auth-secret: basic-auth}\n",
            "", rule("dashboard.example.com", prefix("/", "dashboard", 80)))
        + ingress(NS, "dashboard-auth", "  annotations: {" + nginx + "auth-url: 'https://$host/oauth2/auth'}\n", "",
            rule("auth.example.com", prefix("/", "dashboard", 80)))
        + ingress(NS, "snippet", "  annotations: {" + nginx + "server-snippet: 'location / { return 200; }'}\n", "",
            rule("snippet.example.com", prefix("/", "dashboard", 80)))
        + ingress(NS, "shop", "  creationTimestamp: '2024-01-01T00:00:00Z'\n  annotations: {" + nginx
            + "proxy-buffering: 'off', nginx.org/client-max-body-size: 1m, cert-manager.io/cluster-issuer: x}\n", "",
            rule("shop.example.com", prefix("/", "shop", 80))),
        List.of(Probe.http("dashboard.example.com", "/"), Probe.http("auth.example.com", "/"),
            Probe.http("snippet.example.com", "/"),
            Probe.http("shop.example.com", "/"), Probe.http("shop.example.com", "/x")));
  }
}
