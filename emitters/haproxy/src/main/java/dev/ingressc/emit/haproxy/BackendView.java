package dev.ingressc.emit.haproxy;

import dev.ingressc.ir.Endpoint;
import dev.ingressc.emit.templating.EscapingOutputFormat;
import java.util.List;

/**
 * One HAProxy backend, decided: what haproxy.cfg.ftl prints for it (a part of {@link HaproxyView}).
 *
 * @param name the backend's name (also the value in the route maps)
 * @param balance HAProxy's algorithm keyword
 * @param status a fixed status HAProxy answers itself (404, 503), or 0 for a proxied backend
 * @param comment a comment printed above the backend, or null
 * @param serverOptions words every server line of the backend ends with, free slots too: how
 *     the backend protocol is spoken ({@code ssl verify none}, {@code proto h2}, ...); empty for HTTP
 * @param hostHeader the Host its servers receive (upstream-vhost), or null for the client's
 * @param forwardedPrefix the X-Forwarded-Prefix its servers receive (x-forwarded-prefix), or null
 *     for the client's own field, if any
 * @param denied the IPv4 source ranges kept out, a few per {@code acl} line ({@link HaproxySourceRanges}); empty: none
 * @param denied6 the IPv6 ones, likewise
 * @param allowed the IPv4 source ranges let in, likewise; with {@code allowed6} empty: every client not denied
 * @param allowed6 the IPv6 ones, likewise
 * @param cors the CORS policy its routes answer for ({@link HaproxyCors}); null: none
 * @param rate the rate limit of its route ({@link HaproxyRateLimits}); null: none
 * @param basicAuth the users its route asks for ({@link HaproxyBasicAuth}); null: none
 * @param auth the external auth of its route ({@link HaproxyExternalAuth}); null: none
 * @param affinity the session affinity of its upstream ({@link HaproxyAffinity}); null: none
 * @param ipv6Clients whether {@code src} may be an IPv6 address (a trusted proxy's X-Forwarded-For may name
 *     one; {@link HaproxyClientAddress}): HAProxy compares an IPv4-compatible ({@code ::a.b.c.d}) or 6to4
 *     ({@code 2002::/16}) one with an IPv4 range as IPv4, so then every range test checks the family, by the
 *     address's text; otherwise {@code src} is always IPv4 (the listeners bind IPv4) and only IPv6 ranges do
 */
public record BackendView(String name, String balance, int status, long connectTimeoutMs,
    long serverTimeoutMs, long maxBodyBytes, List<ServerView> servers, String comment, List<String> serverOptions,
    String hostHeader, String forwardedPrefix, List<List<String>> denied, List<List<String>> denied6,
    List<List<String>> allowed, List<List<String>> allowed6, CorsView cors, RateView rate,
    BasicAuthView basicAuth, AuthView auth, HaproxyAffinity.View affinity, boolean ipv6Clients) {

  public BackendView {
    serverOptions = List.copyOf(serverOptions);
  }

  /** With {@code ranges}' rules ({@link HaproxySourceRanges}) and {@code cors}' ({@link HaproxyCors}); none when empty. */
  public BackendView(String name, String balance, int status, long connectTimeoutMs, long serverTimeoutMs,
      long maxBodyBytes, List<ServerView> servers, String comment, List<String> serverOptions, String hostHeader,
      String forwardedPrefix, java.util.Optional<dev.ingressc.ir.SourceRanges> ranges,
      java.util.Optional<dev.ingressc.ir.Cors> cors, RateView rate, BasicAuthView basicAuth,
      java.util.Optional<dev.ingressc.ir.ExternalAuth> auth, HaproxyAffinity.View affinity, boolean ipv6Clients) {
    this(name, balance, status, connectTimeoutMs, serverTimeoutMs, maxBodyBytes, servers, comment, serverOptions,
        hostHeader, forwardedPrefix, HaproxySourceRanges.chunks(ranges, false, false),
        HaproxySourceRanges.chunks(ranges, false, true), HaproxySourceRanges.chunks(ranges, true, false),
        HaproxySourceRanges.chunks(ranges, true, true), cors.map(HaproxyCors::view).orElse(null), rate, basicAuth,
        auth.map(HaproxyExternalAuth::view).orElse(null), affinity, ipv6Clients);
  }

  public BackendView(String name, String balance, int status, long connectTimeoutMs, long serverTimeoutMs,
      long maxBodyBytes, List<ServerView> servers, String comment, List<String> serverOptions) {
    this(name, balance, status, connectTimeoutMs, serverTimeoutMs, maxBodyBytes, servers, comment, serverOptions, null,
        null, List.of(), List.of(), List.of(), List.of(), null, null, null, null, null, false);
  }

  /**
   * Whether the two differ at most in name and servers (and the comment, which HAProxy never
   * reads), i.e. one can stand in for the other at run time: the runtime API changes a server's
   * address, never how it is spoken to. Derived, not listed: every other field, a new one too,
   * needs a reload when it changes.
   */
  public boolean sameShape(BackendView o) {
    return shape().equals(o.shape());
  }

  /** This backend without what the runtime API can change or HAProxy does not read. */
  BackendView shape() {
    return new BackendView(null, balance, status, connectTimeoutMs, serverTimeoutMs, maxBodyBytes, List.of(), null,
        serverOptions, hostHeader, forwardedPrefix, denied, denied6, allowed, allowed6, cors, rate, basicAuth, auth,
        affinity, ipv6Clients);
  }

  /**
   * What {@code acl ingressc_ipv4} (an IPv4 client) tests, or null when no rule asks: {@code src
   * 0.0.0.0/0} while {@code src} is always IPv4 (only an IPv4 client's IPv4-mapped form could
   * match an IPv6 range), else {@code src}'s text, which only an IPv4 address writes with digits
   * and dots alone ({@link #ipv6Clients}).
   */
  public EscapingOutputFormat.Markup ipv4Acl() {
    boolean asked = !denied6.isEmpty() || !allowed6.isEmpty() || ipv6Clients && (!denied.isEmpty()
        || !allowed.isEmpty() || rate != null && rate.exempting());
    return !asked ? null : HaproxyOutputFormat.CFG.markup(ipv6Clients ? "src -m reg ^[0-9.]+$" : "src 0.0.0.0/0");
  }

  /** The condition that keeps a client out by an IPv4 deny range (and, with {@link #ipv6Clients}, an IPv4 client). */
  public EscapingOutputFormat.Markup deniedCondition() {
    return HaproxyOutputFormat.CFG.markup("ingressc_denied" + (ipv6Clients ? " ingressc_ipv4" : ""));
  }

  /**
   * The condition that lets a client in through the allow lists: in an IPv4 allowed range (and,
   * with {@link #ipv6Clients}, an IPv4 client), or in an IPv6 one while not an IPv4 client
   * ({@link HaproxySourceRanges}).
   */
  public EscapingOutputFormat.Markup allowedCondition() {
    String v4 = allowed.isEmpty() ? null : "ingressc_allowed" + (ipv6Clients ? " ingressc_ipv4" : "");
    String v6 = allowed6.isEmpty() ? null : "ingressc_allowed6 !ingressc_ipv4";
    return HaproxyOutputFormat.CFG.markup(v4 == null ? v6 : v6 == null ? v4 : v4 + " || " + v6);
  }

  /** What limit-whitelist's IPv4 ranges ask besides the range, before it: with {@link #ipv6Clients} an IPv4 client, else nothing (null). */
  public EscapingOutputFormat.Markup exemptGuard() {
    return ipv6Clients ? HaproxyOutputFormat.CFG.markup("ingressc_ipv4") : null;
  }

  /** What its IPv6 ranges ask besides the range, before it: a client that is not IPv4. */
  public EscapingOutputFormat.Markup exempt6Guard() {
    return HaproxyOutputFormat.CFG.markup(ipv6Clients ? "!ingressc_ipv4" : "!{ src 0.0.0.0/0 }");
  }

  /** Whether some server is resolved through DNS (the runtime API cannot move those). */
  public boolean resolvesNames() {
    return servers.stream().anyMatch(ServerView::dns);
  }

  /**
   * One server slot. Slots beyond the endpoints are disabled placeholders that the runtime API can
   * fill without a reload.
   *
   * @param address {@code host:port}, IPv6 in brackets
   * @param dns whether the host is a name to resolve at run time
   * @param endpoint the endpoint of an enabled slot, null for a free one
   */
  public record ServerView(String name, String address, boolean enabled, boolean dns, Endpoint endpoint) {}
}
