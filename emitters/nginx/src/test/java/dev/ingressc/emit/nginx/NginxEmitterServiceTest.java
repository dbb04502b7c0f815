package dev.ingressc.emit.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.emit.Emitters;
import org.junit.jupiter.api.Test;

/** The CLI finds the target through ServiceLoader, by its --target name. */
class NginxEmitterServiceTest {
  @Test
  void theNginxTargetIsFoundByName() {
    assertThat(Emitters.available()).containsKey("nginx");
    assertThat(Emitters.available().get("nginx")).isInstanceOf(NginxEmitter.class);
  }
}
