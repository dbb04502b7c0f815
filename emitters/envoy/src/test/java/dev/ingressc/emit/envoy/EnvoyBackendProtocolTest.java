package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.Compiler;
import dev.ingressc.ir.IngressIR;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The backend protocol on Envoy clusters: explicit HTTP/2 for gRPC, an UpstreamTlsContext for
 * HTTPS and GRPCS (no validation context, no SNI, ALPN h2 for gRPC), in the static bootstrap (the
 * cluster each route reaches, through the interpreter) and in the xDS form alike. That both parse
 * strictly is BootstrapValidationTest's and XdsFormTest's, over the same scenario.
 */
class EnvoyBackendProtocolTest {
  private static final EnvoyRoutingCases.Scenario SCENARIO = EnvoyRoutingCases.backendProtocols();

  /** What a cluster says about the protocol: h2 or not, TLS context or none. */
  private record Speaks(boolean http2, Optional<UpstreamTlsContext> tls) {}

  private static Speaks speaks(Cluster c) throws Exception {
    HttpProtocolOptions opts = c.getTypedExtensionProtocolOptionsOrThrow(ClusterBuilder.HTTP_PROTOCOL_OPTIONS)
        .unpack(HttpProtocolOptions.class);
    boolean h2 = opts.getExplicitHttpConfig().hasHttp2ProtocolOptions();
    assertThat(h2).as("%s: exactly one of HTTP/1.1 and HTTP/2", c.getName())
        .isNotEqualTo(opts.getExplicitHttpConfig().hasHttpProtocolOptions());
    if (!c.hasTransportSocket()) {
      return new Speaks(h2, Optional.empty());
    }
    assertThat(c.getTransportSocket().getName()).isEqualTo("envoy.transport_sockets.tls");
    return new Speaks(h2, Optional.of(c.getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class)));
  }

  private static void assertProtocols(java.util.function.Function<String, Cluster> clusterOf) throws Exception {
    Speaks grpc = speaks(clusterOf.apply("grpc.example/"));
    assertThat(grpc.http2()).isTrue();
    assertThat(grpc.tls()).isEmpty();

    Speaks grpcs = speaks(clusterOf.apply("grpcs.example/"));
    assertThat(grpcs.http2()).isTrue();
    UpstreamTlsContext grpcsTls = grpcs.tls().orElseThrow();
    assertThat(grpcsTls.getCommonTlsContext().getAlpnProtocolsList()).containsExactly("h2");
    assertThat(grpcsTls.getCommonTlsContext().hasValidationContext()).as("the certificate is not verified").isFalse();
    assertThat(grpcsTls.getCommonTlsContext().hasCombinedValidationContext()).isFalse();
    assertThat(grpcsTls.getSni()).as("no SNI is sent").isEmpty();

    for (String route : List.of("https.example/", "https.example/ext/x")) {
      Speaks https = speaks(clusterOf.apply(route));
      assertThat(https.http2()).as(route).isFalse();
      UpstreamTlsContext tls = https.tls().orElseThrow();
      assertThat(tls.getCommonTlsContext().getAlpnProtocolsList()).as(route).isEmpty();
      assertThat(tls.getCommonTlsContext().hasValidationContext()).isFalse();
      assertThat(tls.getSni()).isEmpty();
    }

    Speaks plain = speaks(clusterOf.apply("plain.example/"));
    assertThat(plain).isEqualTo(new Speaks(false, Optional.empty()));
  }

  @Test
  void theStaticBootstrapSpeaksEachBackendProtocol() throws Exception {
    Emitted e = Emitted.of(SCENARIO.yaml());
    assertThat(e.diagnostics()).isEmpty();
    EnvoyInterpreter envoy = e.interpreter();
    assertProtocols(hostPath -> {
      int slash = hostPath.indexOf('/');
      return envoy.handle(new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTP_PORT, Optional.empty(),
          hostPath.substring(0, slash), hostPath.substring(slash))).cluster().orElseThrow();
    });
  }

  @Test
  void theXdsClustersSpeakTheSame() throws Exception {
    Compiler.Compilation compiled = Compiler.compileText("test.yaml", SCENARIO.yaml(), SCENARIO.options());
    EnvoyResources xds = EnvoyTranslator.translateForXds(compiled.ir(), compiled.endpoints(), EnvoyRoutingCases.HTTP_PORT, EnvoyRoutingCases.HTTPS_PORT);
    assertProtocols(hostPath -> {
      String service = switch (hostPath) {
        case "grpc.example/" -> "svc-1";
        case "grpcs.example/" -> "svc-2";
        case "https.example/" -> "svc-3";
        case "https.example/ext/x" -> "ext";
        default -> "svc-4";
      };
      String name = EnvoyNames.cluster("default/" + service + ":" + (service.equals("ext") ? 443 : 80));
      return xds.clusters().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    });
  }
}
