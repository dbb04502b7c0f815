package dev.ingressc.emit.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import dev.ingressc.ir.SourceRanges;
import dev.ingressc.ir.TrustedProxies;
import io.envoyproxy.envoy.config.core.v3.CidrRange;
import io.envoyproxy.envoy.config.core.v3.SchemeHeaderTransformation;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBACPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.http.original_ip_detection.xff.v3.XffConfig;
import io.envoyproxy.envoy.extensions.http.original_ip_detection.xff.v3.XffTrustedCidrs;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;
import java.util.function.Function;

/**
 * The client address behind trusted proxies (SEMANTICS.md, Client address) on Envoy; nothing of it
 * is emitted when the IR trusts no proxy.
 *
 * <p>The connection manager does not take the peer as the client ({@code use_remote_address}
 * false) but asks the XFF original IP detection extension with the trusted ranges
 * ({@code xff_trusted_cidrs}): from a trusted peer, x-forwarded-for is read from the right past
 * trusted addresses (at most 20 entries, each a bare address), and the address found becomes the
 * downstream remote address that RBAC's {@code remote_ip}, the local rate limit's
 * {@code remote_address} and {@code %DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%} read. Not being an
 * edge proxy any more, Envoy would keep a client's x-forwarded-proto (and make {@code :scheme} from
 * it); {@code scheme_header_transformation} overwrites both with the listener's own scheme, so
 * {@link EnvoyForwarding} and the redirects see the connection's scheme as before.
 *
 * <p>An RBAC filter of its own ({@value #FILTER}, the first HTTP filter) denies with 403, before
 * every route's answer but the request-target 400 (whose route turns it off), what Envoy's reading
 * cannot follow from a trusted peer: more than 20 entries ({@value #TOO_LONG_POLICY}), and an entry
 * nginx's walk reads but Envoy's parser does not, when Envoy fell back to a trusted address
 * ({@value #UNREADABLE_POLICY}): there the walk may have named an untrusted client, which must not
 * pass as the proxy.
 */
final class EnvoyClientAddress {
  static final String FILTER = "ingressc.client_address";
  static final String XFF_EXTENSION = "envoy.http.original_ip_detection.xff";
  static final String TOO_LONG_POLICY = "x-forwarded-for-too-long";
  static final String UNREADABLE_POLICY = "x-forwarded-for-unreadable";
  static final String XFF = "x-forwarded-for";
  /** More than {@link TrustedProxies#MAX_ENTRIES} entries: at least that many commas. */
  static final String TOO_LONG = "(?:[^,]*,){" + TrustedProxies.MAX_ENTRIES + "}.*";
  /**
   * An entry (between commas, blanks around it ignored, as Envoy trims them) that nginx's walk
   * reads and Envoy's parser does not: an empty one after an entry (the walk skips it), one holding
   * a blank between two words (the walk splits there), one with a bracket ({@code [2001:db8::1]},
   * maybe with a port), one with a single colon and digits after it ({@code 198.51.100.7:4711}).
   */
  static final String UNREADABLE = String.join("|",
      "(?:.*[^ \\t,].*,[ \\t]*(?:,.*)?)",
      "(?:(?:.*,)?[ \\t]*[^ \\t,]+[ \\t]+[^ \\t,][^,]*(?:,.*)?)",
      "(?:.*\\[.*)",
      "(?:(?:.*,)?[^,:]*:[0-9]+[ \\t]*(?:,.*)?)");

  private EnvoyClientAddress() {}

  /**
   * Sets {@code hcm} to find the client as the trusted proxies say, for a listener of {@code scheme}
   * ("http" or "https"); leaves it alone when none is trusted.
   */
  static HttpConnectionManager.Builder configure(HttpConnectionManager.Builder hcm, TrustedProxies trusted,
      String scheme) {
    if (!trusted.any()) {
      return hcm;
    }
    XffConfig xff = XffConfig.newBuilder()
        .setXffTrustedCidrs(XffTrustedCidrs.newBuilder().addAllCidrs(cidrs(trusted.ranges())))
        // The route table sets x-forwarded-for (EnvoyForwarding); true is the default, said anyway.
        .setSkipXffAppend(BoolValue.of(true))
        .build();
    return hcm.setUseRemoteAddress(BoolValue.of(false))
        .addOriginalIpDetectionExtensions(TypedExtensionConfig.newBuilder()
            .setName(XFF_EXTENSION).setTypedConfig(ProtoValues.any(xff)))
        .setSchemeHeaderTransformation(SchemeHeaderTransformation.newBuilder().setSchemeToOverwrite(scheme));
  }

  /** The RBAC filter that refuses what Envoy cannot read from a trusted peer. */
  static HttpFilter filter(TrustedProxies trusted) {
    Principal fromTrusted = anyOf(trusted.ranges(), true);
    Principal foundTrusted = anyOf(trusted.ranges(), false);
    io.envoyproxy.envoy.config.rbac.v3.RBAC rules = io.envoyproxy.envoy.config.rbac.v3.RBAC.newBuilder()
        .setAction(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action.DENY)
        .putPolicies(TOO_LONG_POLICY, deny(List.of(fromTrusted, xff(TOO_LONG))))
        .putPolicies(UNREADABLE_POLICY, deny(List.of(fromTrusted, foundTrusted, xff(UNREADABLE))))
        .build();
    return HttpFilter.newBuilder().setName(FILTER)
        .setTypedConfig(ProtoValues.any(RBAC.newBuilder().setRules(rules).build())).build();
  }

  /**
   * {@code route} with this filter off, when there is one: the request-target 400 comes before the
   * client's 403.
   */
  static io.envoyproxy.envoy.config.route.v3.Route exempt(io.envoyproxy.envoy.config.route.v3.Route route,
      TrustedProxies trusted) {
    return trusted.any() ? route.toBuilder().putTypedPerFilterConfig(FILTER, OFF).build() : route;
  }

  /** An RBACPerRoute without rbac: "the global RBAC policy will be disabled for this route". */
  private static final Any OFF = ProtoValues.any(RBACPerRoute.getDefaultInstance());

  /**
   * A principal that is one of {@code ranges}: by the connection's peer ({@code direct_remote_ip})
   * when {@code direct}, else by the address the connection manager found ({@code remote_ip}).
   */
  static Principal anyOf(List<SourceRanges.Cidr> ranges, boolean direct) {
    Function<CidrRange, Principal> id = direct ? c -> Principal.newBuilder().setDirectRemoteIp(c).build()
        : c -> Principal.newBuilder().setRemoteIp(c).build();
    Principal.Set.Builder set = Principal.Set.newBuilder();
    cidrs(ranges).forEach(c -> set.addIds(id.apply(c)));
    return Principal.newBuilder().setOrIds(set).build();
  }

  private static List<CidrRange> cidrs(List<SourceRanges.Cidr> ranges) {
    return ranges.stream().map(c -> CidrRange.newBuilder().setAddressPrefix(c.address())
        .setPrefixLen(ProtoValues.uint32(c.prefix())).build()).toList();
  }

  private static Policy deny(List<Principal> all) {
    return Policy.newBuilder()
        .addPermissions(Permission.newBuilder().setAny(true))
        .addPrincipals(Principal.newBuilder().setAndIds(Principal.Set.newBuilder().addAllIds(all)))
        .build();
  }

  /**
   * x-forwarded-for (repeated fields joined by commas, as Envoy's header matching reads them)
   * full-matches {@code regex}.
   */
  private static Principal xff(String regex) {
    return Principal.newBuilder().setHeader(HeaderMatcher.newBuilder().setName(XFF)
        .setStringMatch(StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex(regex)))).build();
  }
}
