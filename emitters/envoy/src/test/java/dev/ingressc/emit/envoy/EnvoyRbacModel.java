package dev.ingressc.emit.envoy;

import dev.ingressc.ir.IpLiterals;
import io.envoyproxy.envoy.config.core.v3.CidrRange;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The interpreter's model of Envoy's HTTP RBAC filter (rbac.proto of the filter and of
 * config.rbac.v3; "Role Based Access Control" in the HTTP filter docs), for what ingressc can emit;
 * anything else throws:
 * <ul>
 *   <li>the filter's config: {@code rules} "If absent, no RBAC enforcement occurs. If set but empty,
 *       all requests are denied"; a route's {@code RBACPerRoute} overrides it, and "If absent [its
 *       rbac], RBAC policy will be disabled for this route";
 *   <li>the engine: ALLOW "Allows the request if and only if there is a policy that matches the
 *       request", DENY "Allows the request if and only if there are no policies that match the
 *       request"; "A policy matches if and only if at least one of its permissions match the action
 *       taking place AND at least one of its principals match the downstream";
 *   <li>permissions: {@code any}, {@code and_rules}, {@code or_rules}, {@code not_rule};
 *   <li>principals: {@code any}, {@code and_ids}, {@code or_ids}, {@code not_id},
 *       {@code direct_remote_ip}, "the downstream remote/origin address ... always the physical
 *       peer", {@code remote_ip}, the address the connection manager took as the client
 *       ({@link EnvoyClientAddressModel}: x-forwarded-for behind trusted proxies): a CidrRange
 *       ({@code prefix_len} unset is 0) takes an address of its own family whose first
 *       {@code prefix_len} bits are the range's; {@code header}, a HeaderMatcher on the request's
 *       fields as route matching reads them ({@link EnvoyRouteMatching#headerMatches}).
 * </ul>
 * A request it denies gets Envoy's 403 ("RBAC: access denied"). Shadow rules decide the same way
 * but deny nothing: their result becomes dynamic metadata (see {@link #allows(RBAC, Optional,
 * InetAddress, EnvoyStreamInfo, List)}).
 */
final class EnvoyRbacModel {
  private EnvoyRbacModel() {}

  /** Where the filter writes its shadow rules' result: its fixed namespace (rbac_filter.cc). */
  static final String NAMESPACE = "envoy.filters.http.rbac";

  /**
   * What the filter reads of a request: the connection's peer, the downstream remote address, and
   * the Host, target and other fields for header principals.
   */
  record Downstream(InetAddress direct, InetAddress remote, String host, String path, Map<String, String> headers) {
    /** A request from {@code client} (peer and remote address) without fields. */
    static Downstream of(InetAddress client) {
      return new Downstream(client, client, "", "/", Map.of());
    }
  }

  /** {@link #allows(RBAC, Optional, Downstream, EnvoyStreamInfo, List)}, its metadata dropped. */
  static boolean allows(RBAC filter, Optional<io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBACPerRoute> perRoute,
      InetAddress client, List<String> trace) {
    return allows(filter, perRoute, Downstream.of(client), new EnvoyStreamInfo(), trace);
  }

  /** {@link #allows(RBAC, Optional, Downstream, EnvoyStreamInfo, List)} of a request from {@code client}. */
  static boolean allows(RBAC filter, Optional<io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBACPerRoute> perRoute,
      InetAddress client, EnvoyStreamInfo info, List<String> trace) {
    return allows(filter, perRoute, Downstream.of(client), info, trace);
  }

  /**
   * Whether the filter lets the request {@code d} on. Its shadow engine, when the config
   * in force has {@code shadow_rules} (Filters::Common::RBAC::createShadowEngine), runs first and
   * never denies: RoleBasedAccessControlFilter::decodeHeaders writes its result into {@code info}'s
   * dynamic metadata, namespace {@value #NAMESPACE}: {@code shadow_engine_result} {@code allowed} or
   * {@code denied} (the engine's action applied to whether a policy matched, as for enforced rules),
   * and {@code shadow_effective_policy_id} the matched policy when one did; the keys take no prefix
   * here, as a {@code shadow_rules_stat_prefix} (or {@code rules_stat_prefix}) is refused. Newer
   * Envoy also writes {@code enforced_engine_result} and {@code enforced_effective_policy_id} there;
   * nothing ingressc emits reads them, so they are not modelled.
   *
   * @param filter the filter's own config
   * @param perRoute the most specific per-route config, if any: it replaces the filter's, shadow rules included
   */
  static boolean allows(RBAC filter, Optional<io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBACPerRoute> perRoute,
      Downstream d, EnvoyStreamInfo info, List<String> trace) {
    onlyRules(filter);
    RBAC config = filter;
    if (perRoute.isPresent()) {
      if (!perRoute.get().hasRbac()) {
        trace.add("RBAC disabled for the route");
        return true;
      }
      config = perRoute.get().getRbac();
    }
    onlyRules(config);
    if (config.hasShadowRules()) {
      io.envoyproxy.envoy.config.rbac.v3.RBAC shadow = config.getShadowRules();
      Optional<String> matched = matched(shadow, d);
      String result = decide(shadow.getAction(), matched) ? "allowed" : "denied";
      com.google.protobuf.Struct.Builder fields = com.google.protobuf.Struct.newBuilder();
      matched.ifPresent(p -> fields.putFields("shadow_effective_policy_id", string(p)));
      fields.putFields("shadow_engine_result", string(result));
      info.setDynamicMetadata(NAMESPACE, fields.build());
      trace.add("RBAC shadow " + shadow.getAction() + " from " + from(d) + ": "
          + matched.map(p -> "policy " + p + " matches").orElse("no policy matches") + ": " + result);
    }
    if (!config.hasRules()) {
      trace.add("RBAC without rules: no enforcement");
      return true;
    }
    return engine(config.getRules(), d, trace);
  }

  private static void onlyRules(RBAC config) {
    if (!config.toBuilder().clearRules().clearShadowRules().build().equals(RBAC.getDefaultInstance())) {
      throw new UnsupportedOperationException("RBAC settings other than rules and shadow_rules are not modelled: "
          + config);
    }
  }

  private static com.google.protobuf.Value string(String s) {
    return com.google.protobuf.Value.newBuilder().setStringValue(s).build();
  }

  private static String from(Downstream d) {
    return d.direct().getHostAddress() + (d.remote().equals(d.direct()) ? "" : " (found " + d.remote().getHostAddress() + ")");
  }

  private static boolean engine(io.envoyproxy.envoy.config.rbac.v3.RBAC rules, Downstream d, List<String> trace) {
    Optional<String> matched = matched(rules, d);
    boolean allowed = decide(rules.getAction(), matched);
    trace.add("RBAC " + rules.getAction() + " from " + from(d) + ": "
        + matched.map(p -> "policy " + p + " matches").orElse("no policy matches") + (allowed ? "" : ": 403"));
    return allowed;
  }

  /** The first policy (by name, as Envoy's std::map keeps them) that matches, if any. */
  private static Optional<String> matched(io.envoyproxy.envoy.config.rbac.v3.RBAC rules, Downstream d) {
    if (rules.hasAuditLoggingOptions()) {
      throw new UnsupportedOperationException("RBAC audit logging is not modelled");
    }
    return rules.getPoliciesMap().entrySet().stream()
        .filter(e -> policy(e.getValue(), d)).map(Map.Entry::getKey).sorted().findFirst();
  }

  /** RoleBasedAccessControlEngineImpl::handleAction: ALLOW allows on a match, DENY without one. */
  private static boolean decide(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action action, Optional<String> matched) {
    return switch (action) {
      case ALLOW -> matched.isPresent();
      case DENY -> matched.isEmpty();
      default -> throw new UnsupportedOperationException("RBAC action " + action);
    };
  }

  private static boolean policy(Policy p, Downstream d) {
    if (p.hasCondition() || p.hasCheckedCondition()) {
      throw new UnsupportedOperationException("RBAC policy conditions are not modelled");
    }
    return p.getPermissionsList().stream().anyMatch(EnvoyRbacModel::permission)
        && p.getPrincipalsList().stream().anyMatch(x -> principal(x, d));
  }

  /** Only permissions that hold for every request are modelled (the request's own fields are not read). */
  private static boolean permission(Permission p) {
    return switch (p.getRuleCase()) {
      case ANY -> p.getAny();
      case AND_RULES -> p.getAndRules().getRulesList().stream().allMatch(EnvoyRbacModel::permission);
      case OR_RULES -> p.getOrRules().getRulesList().stream().anyMatch(EnvoyRbacModel::permission);
      case NOT_RULE -> !permission(p.getNotRule());
      default -> throw new UnsupportedOperationException("RBAC permission " + p.getRuleCase());
    };
  }

  private static boolean principal(Principal p, Downstream d) {
    return switch (p.getIdentifierCase()) {
      case ANY -> p.getAny();
      case AND_IDS -> p.getAndIds().getIdsList().stream().allMatch(x -> principal(x, d));
      case OR_IDS -> p.getOrIds().getIdsList().stream().anyMatch(x -> principal(x, d));
      case NOT_ID -> !principal(p.getNotId(), d);
      case DIRECT_REMOTE_IP -> contains(p.getDirectRemoteIp(), d.direct());
      case REMOTE_IP -> contains(p.getRemoteIp(), d.remote());
      case HEADER -> EnvoyRouteMatching.headerMatches(p.getHeader(), d.host(), d.path(), d.headers());
      default -> throw new UnsupportedOperationException("RBAC principal " + p.getIdentifierCase());
    };
  }

  /** Network::Address::CidrRange::isInRange: same IP version, and the first prefix_len bits equal. */
  static boolean contains(CidrRange range, InetAddress client) {
    byte[] net = IpLiterals.parse(range.getAddressPrefix())
        .orElseThrow(() -> new IllegalStateException("not an IP address: " + range.getAddressPrefix())).getAddress();
    int prefix = range.hasPrefixLen() ? range.getPrefixLen().getValue() : 0;
    if (prefix < 0 || prefix > net.length * 8) {
      throw new UnsupportedOperationException("prefix_len beyond the address's bits: " + range);
    }
    byte[] c = client.getAddress();
    if (c.length != net.length) {
      return false;
    }
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((c[bit / 8] & mask) != (net[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }
}
