package dev.ingressc.sidecar;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** deploy/deployment.yaml, so that tests run what the pod runs rather than a copy of it. */
final class DeployManifest {
  static final Path DEPLOY = Path.of("..", "deploy");
  /** The volume both containers share. */
  static final String CONFIG_MOUNT = "/etc/ingressc";

  private DeployManifest() {}

  static Container container(String name) {
    try {
      Deployment d = Serialization.unmarshal(Files.readString(DEPLOY.resolve("deployment.yaml")), Deployment.class);
      return d.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals(name))
          .findFirst().orElseThrow(() -> new AssertionError("no container " + name + " in deploy/deployment.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
