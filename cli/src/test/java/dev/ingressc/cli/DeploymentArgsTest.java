package dev.ingressc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.emit.nginx.NginxFormat;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The sidecar's arguments in deploy/deployment.yaml are what {@code ingressc run} takes: every
 * option exists and parses, and the nginx format is one the emitter knows. (The proxy container's
 * command is run by the sidecar's attached-proxy tests; no Docker or cluster runs here.)
 */
class DeploymentArgsTest {
  @Test
  void theSidecarContainerArgsParseAsARunCommand() throws Exception {
    Deployment d = Serialization.unmarshal(Files.readString(Path.of("..", "deploy", "deployment.yaml")),
        Deployment.class);
    Container sidecar = d.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals("ingressc")).findFirst().orElseThrow();
    assertThat(sidecar.getArgs()).first().isEqualTo("run");

    CommandLine.ParseResult parsed = Main.commandLine().parseArgs(sidecar.getArgs().toArray(String[]::new));
    RunCommand run = parsed.subcommand().commandSpec().userObject() instanceof RunCommand r ? r : null;
    assertThat(run).isNotNull();
    assertThat(run.target).isEqualTo("nginx");
    assertThat(NginxFormat.parse(Optional.ofNullable(run.format))).isEqualTo(NginxFormat.LUA);
    assertThat(run.proxyPidFile.startsWith(run.workDir)).as("%s in %s", run.proxyPidFile, run.workDir).isTrue();
  }
}
