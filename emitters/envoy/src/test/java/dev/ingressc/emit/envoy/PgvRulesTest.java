package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.Buffer;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.BufferPerRoute;
import org.junit.jupiter.api.Test;

/**
 * The validation-rule check reads Envoy's rules from the API jar and finds a broken one, also
 * inside an {@code Any}: without this, an empty list of violations would prove nothing.
 */
class PgvRulesTest {
  @Test
  void bufferMaxRequestBytesMustBeAboveZeroAndIsRequired() {
    assertThat(PgvRules.violations(Buffer.newBuilder().setMaxRequestBytes(UInt32Value.of(1)).build())).isEmpty();
    assertThat(PgvRules.violations(Buffer.newBuilder().setMaxRequestBytes(UInt32Value.of(0)).build()))
        .singleElement().asString().contains("max_request_bytes", "gt 0");
    assertThat(PgvRules.violations(Buffer.getDefaultInstance())).singleElement().asString()
        .contains("max_request_bytes: is required");
    // the largest 32-bit size is valid: read unsigned, never as -1
    assertThat(PgvRules.violations(Buffer.newBuilder().setMaxRequestBytes(UInt32Value.of(-1)).build())).isEmpty();
  }

  @Test
  void rulesInsideAnAnyAreChecked() {
    Any zero = Any.pack(BufferPerRoute.newBuilder().setBuffer(Buffer.newBuilder().setMaxRequestBytes(UInt32Value.of(0))).build());
    RouteConfiguration rc = RouteConfiguration.newBuilder().setName("r").addVirtualHosts(VirtualHost.newBuilder()
        .setName("v").addDomains("*").putTypedPerFilterConfig("envoy.filters.http.buffer", zero)).build();
    assertThat(PgvRules.violations(rc)).singleElement().asString().contains("max_request_bytes");
  }

  @Test
  void durationRulesAreChecked() {
    Cluster.Builder c = Cluster.newBuilder().setName("c");
    assertThat(PgvRules.violations(c.setConnectTimeout(Duration.newBuilder().setSeconds(1)).build())).isEmpty();
    assertThat(PgvRules.violations(c.setConnectTimeout(Duration.newBuilder().setSeconds(0)).build()))
        .singleElement().asString().contains("connect_timeout");
  }

  @Test
  void stringRulesAreChecked() {
    assertThat(PgvRules.violations(VirtualHost.newBuilder().setName("v").addDomains("*").build())).isEmpty();
    // VirtualHost.name has min_len 1, domains min_items 1
    assertThat(PgvRules.violations(VirtualHost.newBuilder().build())).hasSize(2);
  }
}
