package dev.ingressc.emit.haproxy;

import dev.ingressc.ir.SourceRanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A route's source ranges (SEMANTICS.md, Source ranges) in HAProxy: checked in the route's
 * backend, after every frontend rule, so whatever HAProxy answers itself (the 400s, the redirects,
 * the fixed 503 backend) comes first. {@code acl ingressc_denied src ...} and
 * {@code acl ingressc_allowed src ...} (lines of one name are ORed), then
 * {@code http-request deny deny_status 403} if denied, or unless allowed; before the body limit's
 * 413, as nginx checks them before it reads a body. {@code src} is the connection's address
 * (behind ssl-passthrough's TCP frontend, the PROXY header's). HAProxy compares an IPv4 address
 * with an IPv6 range as its IPv4-mapped form ({@code ::/0} would take every IPv4 client), where
 * nginx and Envoy never match across families: IPv6 ranges get ACLs of their own that count only
 * when the client is not IPv4 ({@code ingressc_ipv4}, {@code src 0.0.0.0/0}). Behind trusted proxies
 * {@code src} may be an IPv6 address HAProxy compares with IPv4 ranges as IPv4; then the test is by
 * its text and guards the IPv4 ranges too ({@link BackendView#ipv6Clients}).
 * A guarded route to an upstream without endpoints has a 503 backend of its own with these rules.
 */
final class HaproxySourceRanges {
  /** Ranges per {@code acl} line: HAProxy takes at most 64 words on a line. */
  static final int PER_LINE = 50;

  private HaproxySourceRanges() {}

  /** The {@code allow} (else deny) ranges of one family ({@code ipv6}), a line's worth each. */
  static List<List<String>> chunks(Optional<SourceRanges> ranges, boolean allow, boolean ipv6) {
    return chunks(ranges.map(r -> allow ? r.allow() : r.deny()).orElse(List.of()), ipv6);
  }

  /** The ranges of one family ({@code ipv6}) of {@code ranges}, a line's worth each. */
  static List<List<String>> chunks(List<SourceRanges.Cidr> ranges, boolean ipv6) {
    List<String> all = ranges.stream().filter(c -> c.ipv6() == ipv6).map(Object::toString).toList();
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += PER_LINE) {
      out.add(all.subList(i, Math.min(all.size(), i + PER_LINE)));
    }
    return out;
  }
}
