package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.UInt32Value;
import dev.ingressc.ir.IpLiterals;
import io.envoyproxy.envoy.config.core.v3.CidrRange;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBACPerRoute;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The interpreter's RBAC model follows rbac.proto as documented, and refuses what it does not model. */
class EnvoyRbacModelTest {
  private static final Permission ANY = Permission.newBuilder().setAny(true).build();

  private static Principal ip(String prefix, Integer len) {
    CidrRange.Builder c = CidrRange.newBuilder().setAddressPrefix(prefix);
    if (len != null) {
      c.setPrefixLen(UInt32Value.of(len));
    }
    return Principal.newBuilder().setDirectRemoteIp(c).build();
  }

  private static RBAC rules(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action action, Principal... principals) {
    Policy.Builder p = Policy.newBuilder().addPermissions(ANY);
    for (Principal x : principals) {
      p.addPrincipals(x);
    }
    return RBAC.newBuilder().setRules(io.envoyproxy.envoy.config.rbac.v3.RBAC.newBuilder().setAction(action)
        .putPolicies("p", p.build())).build();
  }

  private static boolean allows(RBAC filter, Optional<RBACPerRoute> perRoute, String client) {
    InetAddress a = IpLiterals.parse(client).orElseThrow();
    return EnvoyRbacModel.allows(filter, perRoute, a, new ArrayList<>());
  }

  @Test
  void allowAndDenyActionsAndTheirPrincipals() {
    RBAC allow = rules(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action.ALLOW, ip("10.0.0.0", 8));
    assertThat(allows(allow, Optional.empty(), "10.1.2.3")).isTrue();
    assertThat(allows(allow, Optional.empty(), "11.1.2.3")).isFalse();
    RBAC deny = rules(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action.DENY, ip("10.0.0.0", 8));
    assertThat(allows(deny, Optional.empty(), "10.1.2.3")).isFalse();
    assertThat(allows(deny, Optional.empty(), "11.1.2.3")).isTrue();
    // prefix_len unset is 0: every address of the range's family, and none of the other.
    RBAC anyV4 = rules(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action.ALLOW, ip("1.2.3.4", null));
    assertThat(allows(anyV4, Optional.empty(), "200.1.1.1")).isTrue();
    assertThat(allows(anyV4, Optional.empty(), "::1")).isFalse();
    Principal notTen = Principal.newBuilder().setNotId(ip("10.0.0.0", 8)).build();
    RBAC both = rules(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action.ALLOW, Principal.newBuilder()
        .setAndIds(Principal.Set.newBuilder().addIds(ip("0.0.0.0", 1)).addIds(notTen)).build());
    assertThat(allows(both, Optional.empty(), "11.0.0.1")).isTrue();
    assertThat(allows(both, Optional.empty(), "10.0.0.1")).isFalse();
    assertThat(allows(both, Optional.empty(), "200.0.0.1")).isFalse();
  }

  @Test
  void rulesAbsentEnforceNothingAndRulesEmptyDenyAll() {
    RBAC none = RBAC.getDefaultInstance();
    RBAC empty = RBAC.newBuilder().setRules(io.envoyproxy.envoy.config.rbac.v3.RBAC.getDefaultInstance()).build();
    assertThat(allows(none, Optional.empty(), "10.0.0.1")).isTrue();
    assertThat(allows(empty, Optional.empty(), "10.0.0.1")).isFalse();
    assertThat(allows(empty, Optional.of(RBACPerRoute.getDefaultInstance()), "10.0.0.1"))
        .as("a per-route config without rbac disables the filter for the route").isTrue();
    assertThat(allows(none, Optional.of(RBACPerRoute.newBuilder().setRbac(empty).build()), "10.0.0.1"))
        .as("the route's own rules win").isFalse();
  }

  /** The shadow result the filter writes for {@code client}, and whether it let the request on. */
  private static String shadow(RBAC filter, Optional<RBACPerRoute> perRoute, String client, boolean allowed) {
    EnvoyStreamInfo info = new EnvoyStreamInfo();
    java.net.InetAddress a = dev.ingressc.ir.IpLiterals.parse(client).orElseThrow();
    assertThat(EnvoyRbacModel.allows(filter, perRoute, a, info, new ArrayList<>())).isEqualTo(allowed);
    var ns = info.dynamicMetadata().get(EnvoyRbacModel.NAMESPACE);
    return ns == null ? "absent" : ns.getFieldsOrThrow("shadow_engine_result").getStringValue()
        + ns.getFieldsMap().entrySet().stream().filter(e -> !e.getKey().equals("shadow_engine_result"))
            .map(e -> " " + e.getKey() + "=" + e.getValue().getStringValue()).sorted()
            .collect(java.util.stream.Collectors.joining());
  }

  @Test
  void shadowRulesDenyNothingAndWriteTheirResult() {
    RBAC shadowOnly = RBAC.newBuilder().setShadowRules(rules(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action.ALLOW,
        ip("10.0.0.0", 8)).getRules()).build();
    assertThat(shadow(shadowOnly, Optional.empty(), "10.0.0.1", true)).isEqualTo("allowed shadow_effective_policy_id=p");
    assertThat(shadow(shadowOnly, Optional.empty(), "11.0.0.1", true)).isEqualTo("denied");
    assertThat(shadow(shadowOnly, Optional.empty(), "a00::1", true)).as("another family").isEqualTo("denied");
    RBAC both = shadowOnly.toBuilder().setRules(rules(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action.ALLOW,
        ip("11.0.0.0", 8)).getRules()).build();
    assertThat(shadow(both, Optional.empty(), "11.0.0.1", true)).isEqualTo("denied");
    assertThat(shadow(both, Optional.empty(), "10.0.0.1", false)).as("written, then 403 by the rules")
        .isEqualTo("allowed shadow_effective_policy_id=p");
    assertThat(shadow(shadowOnly, Optional.of(RBACPerRoute.newBuilder().setRbac(RBAC.getDefaultInstance()).build()),
        "10.0.0.1", true)).as("the route's config replaces the filter's shadow rules too").isEqualTo("absent");
    assertThat(shadow(RBAC.getDefaultInstance(), Optional.of(RBACPerRoute.newBuilder().setRbac(shadowOnly).build()),
        "10.0.0.1", true)).isEqualTo("allowed shadow_effective_policy_id=p");
  }

  /**
   * remote_ip reads the address the connection manager took (behind trusted proxies, the one found
   * in x-forwarded-for), direct_remote_ip the peer; a header principal reads the request's fields.
   */
  @Test
  void remoteIpIsTheAddressFoundDirectRemoteIpThePeerAndHeadersTheFields() {
    Principal remote = Principal.newBuilder().setRemoteIp(CidrRange.newBuilder().setAddressPrefix("10.0.0.0")
        .setPrefixLen(UInt32Value.of(8))).build();
    InetAddress peer = IpLiterals.parse("127.0.0.2").orElseThrow();
    InetAddress found = IpLiterals.parse("10.0.0.1").orElseThrow();
    java.util.function.BiFunction<Principal, java.util.Map<String, String>, Boolean> allowed = (who, fields) ->
        EnvoyRbacModel.allows(rules(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action.ALLOW, who), Optional.empty(),
            new EnvoyRbacModel.Downstream(peer, found, "a.example", "/", fields), new EnvoyStreamInfo(),
            new ArrayList<>());
    assertThat(allowed.apply(remote, java.util.Map.of())).isTrue();
    assertThat(allowed.apply(ip("10.0.0.0", 8), java.util.Map.of())).isFalse();
    assertThat(allowed.apply(ip("127.0.0.2", 32), java.util.Map.of())).isTrue();
    Principal xff = Principal.newBuilder().setHeader(io.envoyproxy.envoy.config.route.v3.HeaderMatcher.newBuilder()
        .setName("x-forwarded-for").setStringMatch(io.envoyproxy.envoy.type.matcher.v3.StringMatcher.newBuilder()
            .setSafeRegex(io.envoyproxy.envoy.type.matcher.v3.RegexMatcher.newBuilder().setRegex(".*:[0-9]+")))).build();
    assertThat(allowed.apply(xff, java.util.Map.of("x-forwarded-for", "1.2.3.4:80"))).isTrue();
    assertThat(allowed.apply(xff, java.util.Map.of("x-forwarded-for", "1.2.3.4"))).isFalse();
    assertThat(allowed.apply(xff, java.util.Map.of())).as("an absent header matches no string").isFalse();
  }

  @Test
  void whatTheModelDoesNotKnowThrows() {
    Principal path = Principal.newBuilder().setUrlPath(io.envoyproxy.envoy.type.matcher.v3.PathMatcher.newBuilder()
        .setPath(io.envoyproxy.envoy.type.matcher.v3.StringMatcher.newBuilder().setPrefix("/"))).build();
    assertThatThrownBy(() -> allows(rules(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action.ALLOW, path),
        Optional.empty(), "10.0.0.1")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> allows(rules(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action.LOG, ip("10.0.0.0", 8)),
        Optional.empty(), "10.0.0.1")).isInstanceOf(UnsupportedOperationException.class);
    RBAC prefixed = RBAC.newBuilder().setShadowRules(io.envoyproxy.envoy.config.rbac.v3.RBAC.getDefaultInstance())
        .setShadowRulesStatPrefix("p_").build();
    assertThatThrownBy(() -> allows(prefixed, Optional.empty(), "10.0.0.1"))
        .as("a prefix to the metadata keys").isInstanceOf(UnsupportedOperationException.class);
    RBAC header = RBAC.newBuilder().setRules(io.envoyproxy.envoy.config.rbac.v3.RBAC.newBuilder().putPolicies("p",
        Policy.newBuilder().addPermissions(Permission.newBuilder().setHeader(
            io.envoyproxy.envoy.config.route.v3.HeaderMatcher.newBuilder().setName("x")))
            .addPrincipals(ip("10.0.0.0", 8)).build())).build();
    assertThatThrownBy(() -> allows(header, Optional.empty(), "10.0.0.1"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> allows(rules(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action.ALLOW, ip("10.0.0.0", 33)),
        Optional.empty(), "10.0.0.1")).isInstanceOf(UnsupportedOperationException.class);
  }
}
