package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.SourceRanges;
import dev.ingressc.ir.TrustedProxies;
import java.util.stream.Collectors;

/**
 * The client address behind trusted proxies (SEMANTICS.md, Client address) in HAProxy. When the
 * IR trusts some proxy, the frontend's first rules after the request-target 400 run the Lua action
 * {@code lua.ingressc_client_address} ({@code client-address.lua}, which walks X-Forwarded-For as
 * {@link TrustedProxies#clientOf} does, from the connection's address), deny
 * 403 when it found more than {@link TrustedProxies#MAX_ENTRIES} entries, and {@code set-src} the
 * address it found, so every later rule that reads {@code src} (the forwarding headers, the
 * backends' source ranges, limit-whitelist, the rate and connection limits' stick tables, the
 * external auth's X-Real-IP, {@code balance source}) judges by it. {@code src} may then be an IPv6
 * address that HAProxy compares with an IPv4 range as IPv4 (an IPv4-compatible {@code ::a.b.c.d},
 * a 6to4 {@code 2002::/16}): the backends' range tests check the family by the address's text
 * ({@link BackendView#ipv6Clients}).
 */
final class HaproxyClientAddress {
  static final String LUA_FILE = "client-address.lua";

  private HaproxyClientAddress() {}

  /** The view of {@code ir}'s trusted proxies; null when it trusts none. */
  static HaproxyView.ClientAddress of(IngressIR ir, EmitOptions options) {
    TrustedProxies t = ir.listener().trustedProxies();
    if (!t.any()) {
      return null;
    }
    return new HaproxyView.ClientAddress(options.outputDir().resolve(LUA_FILE).toString(),
        t.ranges().stream().map(SourceRanges.Cidr::toString).collect(Collectors.joining(",")));
  }
}
