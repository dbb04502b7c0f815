package dev.ingressc.emit.envoy;

import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import dev.ingressc.CompileOptions;
import dev.ingressc.ir.ExternalAuth;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testkit.e2e.CaseContext;
import dev.ingressc.testkit.e2e.HostileInputs;
import dev.ingressc.testkit.http.AuthService;
import dev.ingressc.testkit.http.EchoBackends;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.LuaPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * External auth on Envoy (SEMANTICS.md, External auth; {@link EnvoyExternalAuth}): the emitted
 * configuration parses strictly and has the documented shape; the script, run by the interpreter
 * against a real auth service, sends the auth request SEMANTICS.md lists; and hostile values reach
 * the configuration only as data, never as the script's code.
 */
class EnvoyExternalAuthTest {
  private static final String NS = "default";
  private static final String SHA_USER = "alice:{SHA}" + java.util.Base64.getEncoder().encodeToString(sha1("secret"));

  private static String annotations(String... kv) {
    StringBuilder sb = new StringBuilder("  annotations: {");
    for (int i = 0; i < kv.length; i += 2) {
      sb.append(i == 0 ? "" : ", ").append(json("nginx.ingress.kubernetes.io/" + kv[i])).append(": ").append(json(kv[i + 1]));
    }
    return sb.append("}\n").toString();
  }

  private static String json(String s) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Emitted emit(String yaml) {
    CompileOptions options = CompileOptions.defaults().withTarget(new dev.ingressc.TargetProfile(EnvoyEmitter.TARGET,
        new EnvoyEmitter().lacks(Optional.empty())));
    return Emitted.of(yaml, options, 8080, 8443, EnvoyJson.Format.YAML);
  }

  private static HttpConnectionManager hcm(Emitted e) {
    return EnvoyFilterChains.connectionManager(e.bootstrap().getStaticResources().getListeners(0).getFilterChains(0));
  }

  @Test
  void theConfigurationHasTheDocumentedShapeAndParsesStrictly() {
    try (EchoBackends backends = new EchoBackends(); CaseContext ctx = new CaseContext(backends)) {
      Emitted e = emit(ctx.service(NS, "app", 80)
          + ingress(NS, "dash", annotations("auth-url", ctx.authUrl(), "auth-signin", "https://login.example.com/s",
              "auth-response-headers", "X-User"), "", rule("dash.example.com", prefix("/", "app", 80)))
          + ingress(NS, "remote", annotations("auth-url", "https://auth.example.com/verify?a=1", "auth-method", "POST"),
              "", rule("remote.example.com", prefix("/", "app", 80)))
          + ingress(NS, "open", rule("open.example.com", prefix("/", "app", 80))));
      assertThat(e.diagnostics()).doesNotContain("target-lacks");
      HttpConnectionManager hcm = hcm(e);
      List<String> names = hcm.getHttpFiltersList().stream().map(HttpFilter::getName).toList();
      assertThat(names).endsWith(RouteTableBuilder.BUFFER_FILTER, EnvoyExternalAuth.FILTER, ListenerBuilder.ROUTER);
      HttpFilter lua = hcm.getHttpFiltersList().get(names.indexOf(EnvoyExternalAuth.FILTER));
      assertThat(lua.getDisabled()).isTrue();
      Lua config = EnvoyInterpreter.unpack(lua.getTypedConfig(), Lua.class);
      assertThat(config.getSourceCodesMap()).containsOnlyKeys(EnvoyExternalAuth.SCRIPT_NAME);
      assertThat(script(e, config)).isEqualTo(EnvoyExternalAuth.SCRIPT);
      assertThat(config.getClearRouteCache().getValue()).isFalse();
      assertThat(hcm.getUpgradeConfigs(0).getFiltersList().stream().map(HttpFilter::getName).toList())
          .endsWith(EnvoyExternalAuth.FILTER, ListenerBuilder.ROUTER);

      Map<String, Cluster> clusters = new java.util.TreeMap<>();
      e.bootstrap().getStaticResources().getClustersList().forEach(c -> clusters.put(c.getName(), c));
      Cluster local = clusters.get(EnvoyExternalAuth.clusterName(auth(e, "dash.example.com").service()));
      Cluster remote = clusters.get(EnvoyExternalAuth.clusterName(auth(e, "remote.example.com").service()));
      assertThat(local.getType()).isEqualTo(Cluster.DiscoveryType.STATIC);
      assertThat(local.hasTransportSocket()).isFalse();
      assertThat(EnvoyClusters.endpoints(local)).containsExactly(ctx.authUrl().replaceAll("^http://|/.*$", ""));
      assertThat(remote.getType()).isEqualTo(Cluster.DiscoveryType.STRICT_DNS);
      assertThat(remote.hasTransportSocket()).isTrue();
      assertThat(EnvoyClusters.endpoints(remote)).containsExactly("auth.example.com:443");

      for (Route r : routes(e, "host_dash.example.com")) {
        assertThat(r.getTypedPerFilterConfigMap().containsKey(EnvoyExternalAuth.FILTER)).as(r.getName())
            .isEqualTo(r.hasRoute());
        if (r.hasRoute()) {
          assertThat(EnvoyInterpreter.unpack(r.getTypedPerFilterConfigOrThrow(EnvoyExternalAuth.FILTER),
              LuaPerRoute.class).getName()).isEqualTo(EnvoyExternalAuth.SCRIPT_NAME);
          Struct s = r.getMetadata().getFilterMetadataOrThrow(EnvoyExternalAuth.FILTER);
          assertThat(s.getFieldsOrThrow("path").getStringValue()).isEqualTo(AuthService.PATH);
          assertThat(s.getFieldsOrThrow("copy").getListValue().getValues(0).getStringValue()).isEqualTo("x-user");
        }
      }
      assertThat(routes(e, "host_open.example.com")).allMatch(r -> r.getTypedPerFilterConfigCount() == 0
          || !r.getTypedPerFilterConfigMap().containsKey(EnvoyExternalAuth.FILTER));

      // xDS: the script inline, the IP's cluster over EDS, the name's with its host inline.
      EnvoyResources xds = EnvoyTranslator.translateForXds(e.ir(), e.endpoints(), 8080, 8443);
      HttpConnectionManager served = EnvoyFilterChains.connectionManager(xds.listeners().get(0).getFilterChains(0));
      assertThat(EnvoyInterpreter.unpack(served.getHttpFiltersList().get(names.indexOf(EnvoyExternalAuth.FILTER))
          .getTypedConfig(), Lua.class).getSourceCodesMap().get(EnvoyExternalAuth.SCRIPT_NAME).getInlineString())
          .isEqualTo(EnvoyExternalAuth.SCRIPT);
      assertThat(xds.files()).isEmpty();
      assertThat(xds.clusters()).filteredOn(c -> c.getName().equals(local.getName())).hasSize(1)
          .allMatch(c -> c.getType() == Cluster.DiscoveryType.EDS);
      assertThat(xds.loadAssignments()).anyMatch(c -> c.getClusterName().equals(local.getName()));
      assertThat(xds.clusters()).filteredOn(c -> c.getName().equals(remote.getName())).hasSize(1)
          .allMatch(c -> c.getType() == Cluster.DiscoveryType.STRICT_DNS && c.hasLoadAssignment());
    }
  }

  /** The script's auth request is SEMANTICS.md's, and basic auth's realm never replaces the service's challenge. */
  @Test
  void theAuthRequestCarriesWhatTheBackendWouldGetAndIngressNginxFields() {
    try (EchoBackends backends = new EchoBackends(); CaseContext ctx = new CaseContext(backends)) {
      Emitted e = emit(ctx.service(NS, "app", 80)
          + "---\napiVersion: v1\nkind: Secret\nmetadata: {name: users, namespace: " + NS + "}\nstringData: {auth: "
          + json(SHA_USER + "\n") + "}\n"
          + ingress(NS, "both", annotations("auth-url", ctx.authUrl(), "auth-method", "GET", "auth-type", "basic",
              "auth-secret", "users", "auth-realm", "r", "auth-response-headers", "X-User"), "",
              rule("both.example.com", prefix("/", "app", 80))));
      EnvoyInterpreter envoy = e.interpreter();
      String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:secret".getBytes());
      EnvoyInterpreter.Request req = new EnvoyInterpreter.Request(8080, Optional.empty(), "both.example.com:8080",
          "/a?b=1").withHeaders(Map.of("Authorization", basic, AuthService.MODE, "allow", "X-Forwarded-For",
              "203.0.113.9", "Proxy", "evil", "X-User", "mallory")).from("10.1.2.3");
      EnvoyInterpreter.Answer ok = envoy.handle(req);
      assertThat(ok.outcome()).as("%s", ok.trace()).isEqualTo(EnvoyInterpreter.Outcome.FORWARDED);
      assertThat(ok.forwarded()).containsEntry("x-user", AuthService.USER);
      assertThat(ok.responseHeaders()).containsEntry("set-cookie", AuthService.COOKIE);
      EnvoyLuaHttpCall.Sent sent = envoy.lua().sent().get(0);
      assertThat(sent.values("host")).containsExactly(ctx.authUrl().replaceAll("^http://|/.*$", ""));
      assertThat(sent.values("x-forwarded-for")).containsExactly("10.1.2.3");
      assertThat(sent.values("x-real-ip")).containsExactly("10.1.2.3");
      assertThat(sent.values("x-original-forwarded-for")).containsExactly("203.0.113.9");
      assertThat(sent.values("x-forwarded-host")).containsExactly("both.example.com:8080");
      assertThat(sent.values("x-forwarded-port")).containsExactly("8080");
      assertThat(sent.values("x-forwarded-proto")).containsExactly("http");
      assertThat(sent.values("x-original-url")).containsExactly("http://both.example.com:8080/a?b=1");
      assertThat(sent.values("x-original-uri")).containsExactly("/a?b=1");
      assertThat(sent.values("x-scheme")).containsExactly("http");
      assertThat(sent.values("x-original-method")).containsExactly("GET");
      assertThat(sent.values("x-sent-from")).containsExactly("nginx-ingress-controller");
      assertThat(sent.values("x-auth-request-redirect")).containsExactly("/a?b=1");
      assertThat(sent.values("authorization")).containsExactly(basic);
      assertThat(sent.values("proxy")).isEmpty();
      assertThat(ctx.authProblems()).isEmpty();

      EnvoyInterpreter.Answer denied = envoy.handle(req.withHeaders(Map.of("Authorization", basic)));
      assertThat(denied.status()).as("%s", denied.trace()).isEqualTo(401);
      assertThat(denied.responseHeaders()).containsEntry("www-authenticate", AuthService.CHALLENGE)
          .doesNotContainKey("WWW-Authenticate").doesNotContainKey("set-cookie");
      EnvoyInterpreter.Answer noPassword = envoy.handle(req.withHeaders(Map.of(AuthService.MODE, "allow")));
      assertThat(noPassword.status()).isEqualTo(401);
      assertThat(noPassword.responseHeaders()).containsEntry("WWW-Authenticate", "Basic realm=\"r\"");
      assertThat(envoy.lua().sent()).hasSize(2);
    }
  }

  /**
   * Every hostile value, in the sign-in URL, a copied field's name, the URL's query, the request
   * redirect and the method, is refused or printed as data: the script is the same text whatever the
   * values, each route's settings are the IR's values, and the interpreter's run of the script gives
   * the oracle's sign-in Location.
   */
  @Test
  void hostileValuesReachTheScriptOnlyAsData() {
    try (EchoBackends backends = new EchoBackends(); CaseContext ctx = new CaseContext(backends)) {
      int compiled = 0;
      for (String h : HostileInputs.HOSTILE) {
        Map<String, String> hosts = new java.util.LinkedHashMap<>();
        hosts.put("s.example.com", annotations("auth-url", ctx.authUrl(), "auth-signin",
            "https://login.example.com/" + h + "?next=" + h));
        hosts.put("h.example.com", annotations("auth-url", ctx.authUrl(), "auth-response-headers", "X-A," + h));
        hosts.put("q.example.com", annotations("auth-url", ctx.authUrl() + "&" + h));
        hosts.put("r.example.com", annotations("auth-url", ctx.authUrl(), "auth-request-redirect", "/" + h));
        hosts.put("m.example.com", annotations("auth-url", ctx.authUrl(), "auth-method", h));
        StringBuilder yaml = new StringBuilder(ctx.service(NS, "app", 80));
        hosts.forEach((host, a) -> yaml.append(ingress(NS, host.substring(0, 1), a, "", rule(host, prefix("/", "app", 80)))));
        Emitted e = emit(yaml.toString());
        assertThat(e.text("envoy.yaml")).as(h).doesNotContain("envoy_on_request");
        for (String host : hosts.keySet()) {
          if (e.ir().virtualHosts().stream().noneMatch(v -> v.host().equals(host))) {
            continue; // refused: the Ingress is rejected
          }
          compiled++;
          Lua config = EnvoyInterpreter.unpack(hcm(e).getHttpFiltersList().stream()
              .filter(f -> f.getName().equals(EnvoyExternalAuth.FILTER)).findFirst().orElseThrow().getTypedConfig(),
              Lua.class);
          assertThat(script(e, config)).as(h).isEqualTo(EnvoyExternalAuth.SCRIPT);
          for (Route r : routes(e, "host_" + host)) {
            if (r.hasRoute()) {
              assertThat(r.getMetadata().getFilterMetadataOrThrow(EnvoyExternalAuth.FILTER)).as(h)
                  .isEqualTo(EnvoyExternalAuth.settings(auth(e, host)));
            }
          }
          if (host.startsWith("s.") || host.startsWith("h.")) {
            // The service answers 401 (no mode field): the sign-in 302, or 401 with its challenge.
            RouteAnswer o = new RouteOracle(e.ir()).route(RouteRequest.http(host, "/p?q=%20").withAuthStatus(401)
                .withSource(EnvoyInterpreter.Request.DEFAULT_SOURCE));
            EnvoyInterpreter.Answer a = e.interpreter().handle(new EnvoyInterpreter.Request(8080, Optional.empty(),
                host, "/p?q=%20"));
            assertThat(a.status()).as("%s %s", h, a.trace()).isEqualTo(o.status());
            assertThat(a.location()).as(h).isEqualTo(o.location());
          }
        }
      }
      assertThat(compiled).as("hostile values that compile").isPositive();
      assertThat(ctx.authProblems()).isEmpty();
    }
  }

  /** The filter's one script, beside the static bootstrap. */
  private static String script(Emitted e, Lua config) {
    return e.readAbsolute(config.getSourceCodesMap().get(EnvoyExternalAuth.SCRIPT_NAME).getFilename());
  }

  private static ExternalAuth auth(Emitted e, String host) {
    return e.ir().virtualHosts().stream().filter(v -> v.host().equals(host)).findFirst().orElseThrow().routes().get(0)
        .externalAuth().orElseThrow();
  }

  private static List<Route> routes(Emitted e, String virtualHost) {
    var table = e.bootstrap().getStaticResources().getListeners(0).getFilterChains(0);
    HttpConnectionManager hcm = EnvoyFilterChains.connectionManager(table);
    return hcm.getRouteConfig().getVirtualHostsList().stream().filter(v -> v.getName().equals(virtualHost))
        .findFirst().orElseThrow().getRoutesList();
  }

  private static byte[] sha1(String s) {
    try {
      return java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
