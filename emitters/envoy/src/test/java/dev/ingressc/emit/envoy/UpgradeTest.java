package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import dev.ingressc.testkit.fixtures.TestCertificates;
import dev.ingressc.testkit.fixtures.Manifests;

/**
 * Upgrades (SEMANTICS.md, Protocols): every connection manager allows {@code websocket}
 * through a filter list without the buffer filter (which would hold the upgrade request forever);
 * Envoy's HTTP/1 codec serves an h2c upgrade as the plain request; other upgrades get Envoy's 403.
 * The interpreter is checked to refuse what the configuration does not allow.
 */
class UpgradeTest {
  private static final EnvoyInterpreter.Request PLAIN =
      new EnvoyInterpreter.Request(8080, Optional.empty(), "a.example", "/chat");
  private static final EnvoyInterpreter.Request TLS =
      new EnvoyInterpreter.Request(8443, Optional.of("a.example"), "a.example", "/chat");

  private static Emitted emitted() {
    TestCertificates.Pem a = TestCertificates.forHosts("a.example");
    return Emitted.of(Manifests.join(Manifests.ingressClassWithConfigMap("c", "ssl-redirect=false"),
        EnvoyRoutingCases.ingress("t").className("c").tls("a-tls", "a.example").rule("a.example").path("/", "Prefix", "svc-1", 80)
            .yaml(), Manifests.tlsSecret("default", "a-tls", a.certificate(), a.key()), EnvoyRoutingCases.services(1)));
  }

  @Test
  void everyConnectionManagerAllowsWebSocketWithoutTheBufferFilter() throws Exception {
    Bootstrap b = emitted().bootstrap();
    int managers = 0;
    for (Listener l : b.getStaticResources().getListenersList()) {
      for (FilterChain c : l.getFilterChainsList()) {
        HttpConnectionManager hcm = c.getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
        assertThat(hcm.getUpgradeConfigsList()).singleElement().satisfies(u -> {
          assertThat(u.getUpgradeType()).isEqualTo("websocket");
          assertThat(u.hasEnabled()).as("enabled by default").isFalse();
          assertThat(u.getFiltersList()).extracting(f -> f.getName()).containsExactly(ListenerBuilder.ROUTER);
        });
        assertThat(hcm.getHttpFiltersList()).extracting(f -> f.getName())
            .containsExactly(RouteTableBuilder.BUFFER_FILTER, ListenerBuilder.ROUTER);
        managers++;
      }
    }
    assertThat(managers).isEqualTo(2);
  }

  @Test
  void webSocketIsForwardedLikeThePlainRequestOnBothListeners() {
    EnvoyInterpreter envoy = emitted().interpreter();
    for (EnvoyInterpreter.Request r : new EnvoyInterpreter.Request[] {PLAIN, TLS}) {
      EnvoyInterpreter.Answer plain = envoy.handle(r);
      EnvoyInterpreter.Answer ws = envoy.handle(r.upgradeTo("WebSocket"));
      assertThat(plain.outcome()).isEqualTo(EnvoyInterpreter.Outcome.FORWARDED);
      assertThat(ws.outcome()).as("%s", ws.trace()).isEqualTo(EnvoyInterpreter.Outcome.FORWARDED);
      assertThat(ws.cluster()).isEqualTo(plain.cluster());
      assertThat(ws.route()).isEqualTo(plain.route());
      assertThat(ws.upgrade()).contains("WebSocket");
      assertThat(plain.upgrade()).isEmpty();
    }
  }

  @Test
  void anH2cUpgradeIsServedAsThePlainRequest() {
    EnvoyInterpreter envoy = emitted().interpreter();
    for (EnvoyInterpreter.Request r : new EnvoyInterpreter.Request[] {PLAIN, TLS}) {
      EnvoyInterpreter.Answer plain = envoy.handle(r);
      for (String token : new String[] {"h2c", "H2C"}) {
        EnvoyInterpreter.Answer h2c = envoy.handle(r.upgradeTo(token));
        assertThat(h2c.outcome()).as("%s", h2c.trace()).isEqualTo(EnvoyInterpreter.Outcome.FORWARDED);
        assertThat(h2c.cluster()).isEqualTo(plain.cluster());
        assertThat(h2c.upgrade()).as("the backend sees no Upgrade").isEmpty();
      }
    }
  }

  @Test
  void otherUpgradesAreRefused() {
    EnvoyInterpreter envoy = emitted().interpreter();
    for (EnvoyInterpreter.Request r : new EnvoyInterpreter.Request[] {PLAIN, TLS}) {
      for (String token : new String[] {"foo", "TLS/1.0", "websocket, foo"}) {
        EnvoyInterpreter.Answer a = envoy.handle(r.upgradeTo(token));
        assertThat(a.outcome()).as("%s", a.trace()).isEqualTo(EnvoyInterpreter.Outcome.UPGRADE_REFUSED);
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.cluster()).as("never forwarded").isEmpty();
      }
    }
  }

  /** The interpreter's own teeth: without upgrade_configs, 403; with the HCM's filters, a stall. */
  @Test
  void theInterpreterRefusesWhatTheConfigurationDoesNotAllow() {
    Emitted e = emitted();
    EnvoyInterpreter none = new EnvoyInterpreter(withManagers(e.bootstrap(), h -> h.toBuilder().clearUpgradeConfigs()
        .build()), e::readAbsolute);
    assertThat(none.handle(PLAIN.upgradeTo("websocket")).outcome()).isEqualTo(EnvoyInterpreter.Outcome.UPGRADE_REFUSED);
    assertThat(none.handle(PLAIN).outcome()).isEqualTo(EnvoyInterpreter.Outcome.FORWARDED);
    // The codec strips h2c whatever upgrade_configs says.
    assertThat(none.handle(PLAIN.upgradeTo("h2c")).outcome()).isEqualTo(EnvoyInterpreter.Outcome.FORWARDED);

    EnvoyInterpreter buffered = new EnvoyInterpreter(withManagers(e.bootstrap(), h -> {
      HttpConnectionManager.Builder b = h.toBuilder();
      b.getUpgradeConfigsBuilder(0).clearFilters();
      return b.build();
    }), e::readAbsolute);
    assertThat(buffered.handle(PLAIN.upgradeTo("websocket")).outcome()).isEqualTo(EnvoyInterpreter.Outcome.STALLED);

    EnvoyInterpreter disabled = new EnvoyInterpreter(withManagers(e.bootstrap(), h -> {
      HttpConnectionManager.Builder b = h.toBuilder();
      b.getUpgradeConfigsBuilder(0).setEnabled(com.google.protobuf.BoolValue.of(false));
      return b.build();
    }), e::readAbsolute);
    assertThat(disabled.handle(PLAIN.upgradeTo("websocket")).status()).isEqualTo(403);
  }

  private static Bootstrap withManagers(Bootstrap b, UnaryOperator<HttpConnectionManager> change) {
    Bootstrap.Builder out = b.toBuilder();
    for (Listener.Builder l : out.getStaticResourcesBuilder().getListenersBuilderList()) {
      for (FilterChain.Builder c : l.getFilterChainsBuilderList()) {
        for (Filter.Builder f : c.getFiltersBuilderList()) {
          try {
            f.setTypedConfig(Any.pack(change.apply(f.getTypedConfig().unpack(HttpConnectionManager.class))));
          } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
            throw new IllegalStateException(ex);
          }
        }
      }
    }
    return out.build();
  }
}
