package dev.ingressc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.ingressc.emit.envoy.EnvoyJson;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ingressc compile --target envoy --xds ADDRESS[:PORT] -o DIR}: Envoy's dynamic bootstrap. */
class XdsBootstrapCommandTest {
  @Test
  void writesADynamicBootstrapThatParsesStrictly(@TempDir Path dir) throws Exception {
    CliRunner r = CliRunner.run("compile", "--target", "envoy", "--xds", "127.0.0.1:18001", "-o", dir.toString(),
        "--runtime-dir", "/run/ingressc");
    assertThat(r.exitCode()).as(r.err()).isZero();
    String text = Files.readString(dir.resolve("envoy.yaml"));
    Bootstrap.Builder b = Bootstrap.newBuilder();
    JsonFormat.parser().usingTypeRegistry(EnvoyJson.TYPES).merge(EnvoyJson.toJson(text), b); // strict
    Bootstrap bootstrap = b.build();
    assertThat(bootstrap.getDynamicResources().getAdsConfig().getGrpcServices(0).getEnvoyGrpc().getClusterName())
        .isEqualTo("xds_cluster");
    assertThat(bootstrap.getDynamicResources().getLdsConfig().hasAds()).isTrue();
    assertThat(bootstrap.getDynamicResources().getCdsConfig().hasAds()).isTrue();
    Cluster xds = bootstrap.getStaticResources().getClusters(0);
    assertThat(xds.getType()).isEqualTo(Cluster.DiscoveryType.STATIC);
    assertThat(xds.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress()
        .getPortValue()).isEqualTo(18001);
    assertThat(bootstrap.getAdmin().getAddress().getPipe().getPath()).isEqualTo("/run/ingressc/envoy-admin.sock");
  }

  @Test
  void xdsIsForEnvoyOnlyAndTakesNoInput(@TempDir Path dir) {
    assertThat(CliRunner.run("compile", "--target", "nginx", "--xds", "127.0.0.1", "-o", dir.toString()).exitCode())
        .isEqualTo(ExitCodes.UNUSABLE);
    assertThat(CliRunner.run("compile", "--target", "envoy", "--xds", "127.0.0.1", "-f", "examples/", "-o",
        dir.toString()).exitCode()).isEqualTo(ExitCodes.UNUSABLE);
    assertThat(CliRunner.run("compile", "--target", "envoy", "--xds", "host:notaport", "-o", dir.toString()).exitCode())
        .isEqualTo(ExitCodes.UNUSABLE);
    CliRunner noInput = CliRunner.run("compile", "--target", "envoy", "-o", dir.toString());
    assertThat(noInput.exitCode()).isEqualTo(ExitCodes.UNUSABLE);
    assertThat(noInput.err()).contains("--filename");
  }
}
