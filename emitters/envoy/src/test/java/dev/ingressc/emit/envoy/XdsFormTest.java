package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ingressc.Compiler;
import dev.ingressc.emit.envoy.EnvoyRoutingCases.Probe;
import dev.ingressc.emit.envoy.EnvoyRoutingCases.Scenario;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The xDS form of the one translation ({@link EnvoyTranslator#translateForXds}) and the dynamic
 * bootstrap that points Envoy at the sidecar. The xDS resources are resolved the way Envoy resolves
 * ADS (EDS endpoints into their cluster, RDS tables into their connection manager, SDS secrets by
 * name) and replayed through the interpreter against the route oracle, like the static form.
 */
class XdsFormTest {
  static Stream<Scenario> scenarios() {
    return EnvoyRoutingCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theXdsResourcesParseStrictlyAndRouteAsTheOracleSays(Scenario s) {
    Compiler.Compilation compiled = Compiler.compileText("test.yaml", s.yaml(), s.options());
    IngressIR ir = compiled.ir();
    EnvoyResources res = EnvoyTranslator.translateForXds(ir, compiled.endpoints(), EnvoyRoutingCases.HTTP_PORT, s.httpsPort());
    assertThat(res.files()).as("nothing refers to files over xDS").isEmpty();
    Stream.of(res.listeners(), res.routeConfigurations(), res.clusters(), res.loadAssignments(), res.secrets())
        .flatMap(List::stream)
        .forEach(m -> assertThat(EnvoyValidation.strictRoundTrip(m, false)).as("%s", m.getClass().getSimpleName())
            .isEmpty());
    for (Cluster c : res.clusters()) {
      if (c.getType() == Cluster.DiscoveryType.EDS) {
        assertThat(c.getEdsClusterConfig().getEdsConfig().hasAds()).isTrue();
        assertThat(res.loadAssignment(c.getName())).as("EDS for %s", c.getName()).isPresent();
        assertThat(c.hasLoadAssignment()).isFalse();
      } else {
        assertThat(c.getType()).isEqualTo(Cluster.DiscoveryType.STRICT_DNS);
        assertThat(c.hasLoadAssignment()).isTrue();
        assertThat(res.loadAssignment(c.getName())).isEmpty();
      }
    }
    Map<String, String> inlineFiles = new HashMap<>();
    EnvoyInterpreter envoy = new EnvoyInterpreter(resolveAds(res, inlineFiles), inlineFiles::get);
    RouteOracle oracle = new RouteOracle(ir);
    List<String> failures = new ArrayList<>();
    for (Probe p : s.probes()) {
      RouteAnswer o = oracle.route(new RouteRequest(p.host(), p.path(), p.sni(), s.httpsPort())
          .withSource(EnvoyInterpreter.Request.DEFAULT_SOURCE));
      EnvoyInterpreter.Answer a = envoy.handle(new EnvoyInterpreter.Request(
          p.sni().isPresent() ? s.httpsPort() : EnvoyRoutingCases.HTTP_PORT, p.sni(), p.host(), p.path()));
      EnvoyVersusOracleTest.compare(ir, compiled.endpoints(), o, a).ifPresent(m -> failures.add(p + ": " + m + "\n    envoy: " + a.trace()));
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void routesAndListenersAreTheStaticFormsAndOnlyClustersAndSecretsDiffer() {
    Scenario s = EnvoyRoutingCases.tls().get(0);
    Compiler.Compilation compiled = Compiler.compileText("test.yaml", s.yaml(), s.options());
    IngressIR ir = compiled.ir();
    EnvoyResources stat = EnvoyTranslator.translate(ir, compiled.endpoints(), 8080, 8443, Path.of("/etc/ingressc"));
    EnvoyResources xds = EnvoyTranslator.translateForXds(ir, compiled.endpoints(), 8080, 8443);
    assertThat(xds.listeners()).isEqualTo(stat.listeners());
    assertThat(xds.routeConfigurations()).isEqualTo(stat.routeConfigurations());
    assertThat(xds.loadAssignments()).isEqualTo(stat.loadAssignments());
    assertThat(xds.clusters()).hasSameSizeAs(stat.clusters());
    for (int i = 0; i < xds.clusters().size(); i++) {
      assertThat(xds.clusters().get(i).toBuilder().clearEdsClusterConfig().setType(Cluster.DiscoveryType.STATIC).build())
          .isEqualTo(stat.clusters().get(i));
    }
    assertThat(xds.secrets()).extracting(Secret::getName).isEqualTo(stat.secrets().stream().map(Secret::getName).toList());
    for (Secret secret : xds.secrets()) {
      TlsCertificate tls = secret.getTlsCertificate();
      assertThat(tls.getCertificateChain().getInlineString()).startsWith("-----BEGIN CERTIFICATE-----");
      assertThat(tls.getPrivateKey().getInlineString()).contains("PRIVATE KEY-----");
    }
  }

  @Test
  void theDynamicBootstrapParsesStrictlyThroughTheBootstrapProto() throws Exception {
    Bootstrap built = DynamicBootstrap.build(DynamicBootstrap.XdsAddress.parse("127.0.0.1:18000"), Path.of("/run/ingressc"));
    for (EnvoyJson.Format f : EnvoyJson.Format.values()) {
      String text = EnvoyEmitter.xdsBootstrap(DynamicBootstrap.XdsAddress.parse("127.0.0.1:18000"),
          new dev.ingressc.emit.EmitOptions(8080, 8443, Path.of("/etc/ingressc"), Path.of("/run/ingressc"),
              java.util.Optional.of(f.extension()))).file(EnvoyEmitter.bootstrapFile(f)).orElseThrow().text();
      Bootstrap b = StrictParse.bootstrap(text);
      assertThat(b).as(f.name()).isEqualTo(built);
      assertThat(BootstrapValidationTest.packedTypes(text))
          .containsExactly("type.googleapis.com/" + HttpProtocolOptions.getDescriptor().getFullName());
    }
    assertThat(built.getNode().getId()).isEqualTo("ingressc");
    assertThat(built.getNode().getCluster()).isEqualTo("ingressc");
    Cluster xds = built.getStaticResources().getClusters(0);
    assertThat(built.getStaticResources().getClustersCount()).isEqualTo(1);
    assertThat(built.getStaticResources().getListenersCount()).isZero();
    assertThat(xds.getName()).isEqualTo(DynamicBootstrap.XDS_CLUSTER);
    assertThat(xds.getType()).isEqualTo(Cluster.DiscoveryType.STATIC);
    var address = xds.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress();
    assertThat(address.getAddress()).isEqualTo("127.0.0.1");
    assertThat(address.getPortValue()).isEqualTo(18000);
    HttpProtocolOptions h2 = xds.getTypedExtensionProtocolOptionsOrThrow(ClusterBuilder.HTTP_PROTOCOL_OPTIONS)
        .unpack(HttpProtocolOptions.class);
    assertThat(h2.getExplicitHttpConfig().hasHttp2ProtocolOptions()).isTrue();
    Bootstrap.DynamicResources dyn = built.getDynamicResources();
    assertThat(dyn.getAdsConfig().getApiType()).isEqualTo(ApiConfigSource.ApiType.GRPC);
    assertThat(dyn.getAdsConfig().getGrpcServices(0).getEnvoyGrpc().getClusterName())
        .isEqualTo(DynamicBootstrap.XDS_CLUSTER);
    assertThat(dyn.getLdsConfig().hasAds()).isTrue();
    assertThat(dyn.getCdsConfig().hasAds()).isTrue();
    assertThat(built.getAdmin().getAddress().getPipe().getPath()).isEqualTo("/run/ingressc/envoy-admin.sock");

    Bootstrap byName = DynamicBootstrap.build(DynamicBootstrap.XdsAddress.parse("ingressc.ingressc.svc"),
        Path.of("/run/ingressc"));
    assertThat(byName.getStaticResources().getClusters(0).getType()).isEqualTo(Cluster.DiscoveryType.STRICT_DNS);
    assertThat(byName.getStaticResources().getClusters(0).getLoadAssignment().getEndpoints(0).getLbEndpoints(0)
        .getEndpoint().getAddress().getSocketAddress().getPortValue()).isEqualTo(18000);
  }

  @Test
  void xdsAddressesParse() {
    assertThat(DynamicBootstrap.XdsAddress.parse("10.0.0.1")).isEqualTo(new DynamicBootstrap.XdsAddress("10.0.0.1", 18000));
    assertThat(DynamicBootstrap.XdsAddress.parse("[::1]:9000")).isEqualTo(new DynamicBootstrap.XdsAddress("::1", 9000));
    assertThat(DynamicBootstrap.XdsAddress.parse("::1")).isEqualTo(new DynamicBootstrap.XdsAddress("::1", 18000));
    assertThatThrownBy(() -> DynamicBootstrap.XdsAddress.parse("host:99999")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DynamicBootstrap.XdsAddress.parse(":1")).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * The bootstrap an Envoy effectively runs once ADS has delivered {@code res}: EDS clusters carry
   * their load assignment, connection managers their RDS table, TLS contexts name static secrets
   * whose inline PEM is handed to the interpreter as files. Every reference must be over ADS and
   * must resolve, or this throws.
   */
  static Bootstrap resolveAds(EnvoyResources res, Map<String, String> inlineFiles) {
    Bootstrap.StaticResources.Builder statics = Bootstrap.StaticResources.newBuilder();
    for (Cluster c : res.clusters()) {
      if (c.getType() != Cluster.DiscoveryType.EDS) {
        statics.addClusters(c);
        continue;
      }
      requireAds(c.getEdsClusterConfig().getEdsConfig(), "EDS of " + c.getName());
      ClusterLoadAssignment cla = res.loadAssignment(c.getName())
          .orElseThrow(() -> new AssertionError("no ClusterLoadAssignment for EDS cluster " + c.getName()));
      statics.addClusters(c.toBuilder().clearEdsClusterConfig().setType(Cluster.DiscoveryType.STATIC)
          .setLoadAssignment(cla));
    }
    for (Listener l : res.listeners()) {
      Listener.Builder lb = l.toBuilder();
      for (FilterChain.Builder chain : lb.getFilterChainsBuilderList()) {
        resolve(chain, res);
      }
      if (lb.hasDefaultFilterChain()) {
        resolve(lb.getDefaultFilterChainBuilder(), res);
      }
      statics.addListeners(lb);
    }
    for (Secret s : res.secrets()) {
      String crt = "/xds/" + s.getName() + ".crt";
      String key = "/xds/" + s.getName() + ".key";
      inlineFiles.put(crt, s.getTlsCertificate().getCertificateChain().getInlineString());
      inlineFiles.put(key, s.getTlsCertificate().getPrivateKey().getInlineString());
      statics.addSecrets(s.toBuilder().setTlsCertificate(s.getTlsCertificate().toBuilder()
          .setCertificateChain(DataSource.newBuilder().setFilename(crt))
          .setPrivateKey(DataSource.newBuilder().setFilename(key))));
    }
    return Bootstrap.newBuilder().setStaticResources(statics).build();
  }

  private static void resolve(FilterChain.Builder chain, EnvoyResources res) {
    for (Filter.Builder f : chain.getFiltersBuilderList()) {
      HttpConnectionManager.Builder hcm = unpack(f.getTypedConfig(), HttpConnectionManager.class).toBuilder();
      requireAds(hcm.getRds().getConfigSource(), "RDS " + hcm.getRds().getRouteConfigName());
      hcm.setRouteConfig(res.routeConfiguration(hcm.getRds().getRouteConfigName())
          .orElseThrow(() -> new AssertionError("no RouteConfiguration " + hcm.getRds().getRouteConfigName())));
      f.setTypedConfig(Any.pack(hcm.build()));
    }
    if (chain.hasTransportSocket()) {
      DownstreamTlsContext.Builder tls =
          unpack(chain.getTransportSocket().getTypedConfig(), DownstreamTlsContext.class).toBuilder();
      for (SdsSecretConfig.Builder sds : tls.getCommonTlsContextBuilder().getTlsCertificateSdsSecretConfigsBuilderList()) {
        requireAds(sds.getSdsConfig(), "SDS " + sds.getName());
        assertThat(res.secrets()).extracting(Secret::getName).contains(sds.getName());
        sds.clearSdsConfig();
      }
      chain.getTransportSocketBuilder().setTypedConfig(Any.pack(tls.build()));
    }
  }

  private static void requireAds(ConfigSource source, String what) {
    if (!source.hasAds()) {
      throw new AssertionError(what + " is not over ADS: " + source);
    }
  }

  private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
