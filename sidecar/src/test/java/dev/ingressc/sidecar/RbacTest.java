package dev.ingressc.sidecar;

import static dev.ingressc.sidecar.ClusterModeTest.ingress;
import static dev.ingressc.sidecar.FileWatchContract.SERVED;
import static dev.ingressc.sidecar.FileWatchContract.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/'s ClusterRole and Role against what the sidecar really asks of the API server: it runs
 * in cluster mode with leader election, a published Service, status and Events, and every request
 * it makes (told apart by its User-Agent) must be allowed by a rule; every rule must be used by
 * some request, so the roles grant no more than the sidecar needs.
 */
@RealProxy("nginx")
class RbacTest {
  private static final Path DEPLOY = DeployManifest.DEPLOY;
  private static final String AGENT = "ingressc-sidecar-under-test";

  /** One API request as RBAC sees it. */
  record Access(String verb, String group, String resource, String namespace) {
    String grant() {
      return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource;
    }
  }

  @Test
  void everyRequestIsAllowedAndEveryRuleIsUsed(ProxyLauncher proxy) throws Exception {
    List<PolicyRule> clusterRules = Serialization.unmarshal(Files.readString(DEPLOY.resolve("clusterrole.yaml")),
        ClusterRole.class).getRules();
    List<PolicyRule> leaseRules = Serialization.unmarshal(Files.readString(DEPLOY.resolve("role.yaml")), Role.class)
        .getRules();

    try (MockCluster cluster = new MockCluster(); EchoBackends backends = new EchoBackends()) {
      List<String> web = backends.start("default/web:80", 1);
      cluster.apply(ClusterModeTest.CLASSES + Yaml.service("web", 80, backends.port(), web)
          + ingress("mine", "ingressc", WEB, "/", null) + """
          ---
          apiVersion: v1
          kind: Service
          metadata: {name: ingressc, namespace: default}
          spec: {type: ClusterIP, clusterIP: 10.96.0.10, ports: [{name: http, port: 80}]}
          """);
      ClusterConfig cc = new ClusterConfig(cluster.client(AGENT), Optional.empty(), List.of(),
          Optional.of(Yaml.NS + "/ingressc"), true, Yaml.NS, "ingressc-leader", "a", Duration.ofSeconds(2),
          Optional.of("ingressc-a"));
      try (SidecarRun run = SidecarRun.prepare("nginx").start("nginx", SidecarRun.binary(proxy),
          c -> c.withCluster(cc))) {
        run.awaitServedBy(WEB, "/", "default/web:80", SERVED);
        Eventually.await("status", SERVED, () -> ClusterModeTest.addresses(cluster.ingress("mine")), s -> !s.isEmpty());
        cluster.apply(ingress("bad", "ingressc", "bad.example.com", "/x;y", null));
        Eventually.await("a Rejected event", SERVED, () -> cluster.client().v1().events().inNamespace(Yaml.NS).list()
            .getItems().stream().anyMatch(e -> "Rejected".equals(e.getReason())), b -> b);
        cluster.apply(ingress("mine", "other", WEB, "/", null));
        Eventually.await("status cleared", SERVED, () -> ClusterModeTest.addresses(cluster.ingress("mine")),
            List::isEmpty);
      }

      Set<String> used = new TreeSet<>();
      Set<String> refused = new TreeSet<>();
      for (RecordedRequest r : cluster.takeRequests()) {
        if (!AGENT.equals(r.getHeader("User-Agent"))) {
          continue;
        }
        Access a = access(r.getMethod(), r.getPath());
        Optional<PolicyRule> rule = clusterRules.stream().filter(p -> allows(p, a)).findFirst()
            .or(() -> a.namespace().equals(Yaml.NS) ? leaseRules.stream().filter(p -> allows(p, a)).findFirst()
                : Optional.empty());
        if (rule.isPresent()) {
          used.add(a.grant());
        } else {
          refused.add(a.grant() + " (" + r.getMethod() + " " + r.getPath() + ")");
        }
      }
      assertThat(refused).as("requests deploy/ does not allow").isEmpty();
      Set<String> granted = new TreeSet<>();
      for (PolicyRule p : concat(clusterRules, leaseRules)) {
        for (String g : p.getApiGroups()) {
          for (String res : p.getResources()) {
            for (String v : p.getVerbs()) {
              granted.add(new Access(v, g, res, "").grant());
            }
          }
        }
      }
      assertThat(granted).as("grants no request used").containsExactlyInAnyOrderElementsOf(used);
    }
  }

  private static List<PolicyRule> concat(List<PolicyRule> a, List<PolicyRule> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  private static boolean allows(PolicyRule p, Access a) {
    return p.getApiGroups().contains(a.group()) && p.getResources().contains(a.resource())
        && p.getVerbs().contains(a.verb());
  }

  /** {@code /api/v1/…} or {@code /apis/GROUP/VERSION/…}, optionally {@code namespaces/NS/}, then resource, name, subresource. */
  static Access access(String method, String path) {
    String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
    String[] p = (path.contains("?") ? path.substring(0, path.indexOf('?')) : path).substring(1).split("/");
    int i = p[0].equals("api") ? 2 : 3;
    String group = p[0].equals("api") ? "" : p[1];
    String namespace = "";
    if (p.length > i + 2 && p[i].equals("namespaces")) {
      namespace = p[i + 1];
      i += 2;
    }
    String resource = p[i] + (p.length > i + 2 ? "/" + p[i + 2] : "");
    boolean named = p.length > i + 1;
    String verb = switch (method) {
      case "GET" -> named ? "get" : query.matches("(.*&)?watch=(true|1)(&.*)?") ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> method;
    };
    return new Access(verb, group, resource, namespace);
  }
}
