package dev.ingressc.emit.envoy;

import io.envoyproxy.envoy.config.core.v3.CidrRange;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.http.original_ip_detection.xff.v3.XffConfig;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The interpreter's model of the address Envoy's connection manager takes as the downstream client
 * (conn_manager_utility.cc mutateRequestHeaders; the XFF original IP detection extension, xff.cc;
 * Http::Utility::getLastNonTrustedAddressFromXFF), for the settings ingressc uses (anything else
 * throws), and of the scheme it leaves in x-forwarded-proto and {@code :scheme}:
 * <ul>
 *   <li>{@code use_remote_address} true (and no trusted hops): the connection's peer; x-forwarded-proto
 *       is set from the connection;
 *   <li>{@code use_remote_address} false with the XFF extension and {@code xff_trusted_cidrs}: a peer in
 *       none of the ranges is the client. Else x-forwarded-for (repeated fields joined by ",") is split
 *       at every "," (absl::StrSplit: empty pieces kept); more than 20 pieces: no address; from the
 *       right, each piece, trimmed of blanks, is parsed as a bare address (inet_pton: a dotted quad
 *       without leading zeros, or IPv6 without brackets, port or zone); one that does not parse: no
 *       address; the first not in the ranges is the client; all in them: the leftmost. No address: the
 *       peer. x-forwarded-proto is then the client's unless {@code scheme_header_transformation}
 *       overwrites it (and {@code :scheme}); without either, the connection's.
 * </ul>
 * Envoy writes the address found as the stream's downstream remote address: RBAC's {@code remote_ip},
 * the local rate limit's {@code remote_address} and {@code %DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%}
 * read it; {@code direct_remote_ip} keeps reading the peer.
 */
final class EnvoyClientAddressModel {
  private EnvoyClientAddressModel() {}

  /** Http::Utility::getLastNonTrustedAddressFromXFF's MAX_ALLOWED_XFF_ENTRIES. */
  static final int MAX_ENTRIES = 20;
  private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
  /** What may be an IPv6 literal: Java reads a string of these starting so as a literal, never a name. */
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]*");

  /**
   * The downstream remote address.
   *
   * @param address the address
   * @param literal how a format operator prints it here (as it came; Envoy prints its own canonical
   *     form of the same address)
   */
  record Remote(InetAddress address, String literal) {}

  /** The downstream remote address of {@code req} on a connection manager configured as {@code hcm}. */
  static Remote remote(HttpConnectionManager hcm, EnvoyInterpreter.Request req, List<String> trace) {
    Remote peer = new Remote(req.client(), req.source());
    if (hcm.getXffNumTrustedHops() != 0) {
      throw new UnsupportedOperationException("xff_num_trusted_hops is not modelled");
    }
    if (hcm.getUseRemoteAddress().getValue()) {
      if (hcm.getOriginalIpDetectionExtensionsCount() > 0) {
        throw new IllegalStateException("Envoy refuses original IP detection with use_remote_address");
      }
      return peer;
    }
    for (TypedExtensionConfig e : hcm.getOriginalIpDetectionExtensionsList()) {
      XffConfig xff = EnvoyInterpreter.unpack(e.getTypedConfig(), XffConfig.class);
      if (xff.getXffNumTrustedHops() != 0 || xff.getXffTrustedCidrs().getCidrsCount() == 0
          || xff.hasSkipXffAppend() && !xff.getSkipXffAppend().getValue()) {
        throw new UnsupportedOperationException("XFF detection other than by trusted ranges, not appending: " + xff);
      }
      Optional<Remote> found = detect(xff.getXffTrustedCidrs().getCidrsList(), req, trace);
      if (found.isPresent()) {
        return found.get();
      }
    }
    trace.add("client address: the connection's, " + req.source());
    return peer;
  }

  private static Optional<Remote> detect(List<CidrRange> trusted, EnvoyInterpreter.Request req, List<String> trace) {
    if (!in(trusted, req.client())) {
      trace.add("XFF detection: the peer " + req.source() + " is not trusted");
      return Optional.empty();
    }
    String[] entries = req.headers().getOrDefault("x-forwarded-for", "").split(",", -1);
    if (entries.length > MAX_ENTRIES) {
      trace.add("XFF detection: " + entries.length + " entries, more than " + MAX_ENTRIES);
      return Optional.empty();
    }
    for (int i = entries.length - 1; i >= 0; i--) {
      String entry = entries[i].replaceAll("^[ \t\f\u000b\r\n]+|[ \t\f\u000b\r\n]+$", "");
      Optional<InetAddress> a = parse(entry);
      if (a.isEmpty()) {
        trace.add("XFF detection: " + quote(entry) + " is no address");
        return Optional.empty();
      }
      if (!in(trusted, a.get()) || i == 0) {
        trace.add("XFF detection: client " + entry + (in(trusted, a.get()) ? " (all trusted: the leftmost)" : ""));
        return Optional.of(new Remote(a.get(), entry));
      }
    }
    throw new AssertionError("unreachable");
  }

  /**
   * The scheme in x-forwarded-proto (and {@code :scheme}) once the connection manager is done:
   * {@code scheme_to_overwrite}; else, with {@code use_remote_address}, the connection's; else the
   * client's when it sent a valid one (an edge proxy no more), else the connection's.
   */
  static String scheme(HttpConnectionManager hcm, EnvoyInterpreter.Request req) {
    if (hcm.hasSchemeHeaderTransformation()) {
      if (hcm.getSchemeHeaderTransformation().getSchemeToOverwrite().isEmpty()) {
        throw new UnsupportedOperationException("scheme_header_transformation: " + hcm.getSchemeHeaderTransformation());
      }
      return hcm.getSchemeHeaderTransformation().getSchemeToOverwrite();
    }
    String own = req.tls() ? "https" : "http";
    String sent = req.headers().get("x-forwarded-proto");
    return hcm.getUseRemoteAddress().getValue() || sent == null ? own : sent;
  }

  /** Network::Utility::parseInternetAddressNoThrow: inet_pton for IPv4, then for IPv6. */
  static Optional<InetAddress> parse(String s) {
    if (IPV4.matcher(s).matches()) {
      return dev.ingressc.ir.IpLiterals.parse(s);
    }
    if (!IPV6.matcher(s).matches() || s.indexOf(':') < 0) {
      return Optional.empty();
    }
    try {
      InetAddress a = InetAddress.getByName(s);
      // Java reads ::ffff:a.b.c.d as IPv4; inet_pton(AF_INET6) keeps it an IPv6 address.
      return Optional.of(a instanceof Inet4Address ? Inet6Address.getByAddress(null, mapped(a.getAddress()), -1) : a);
    } catch (UnknownHostException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static byte[] mapped(byte[] v4) {
    byte[] b = new byte[16];
    b[10] = (byte) 0xff;
    b[11] = (byte) 0xff;
    System.arraycopy(v4, 0, b, 12, 4);
    return b;
  }

  private static boolean in(List<CidrRange> ranges, InetAddress a) {
    return ranges.stream().anyMatch(c -> EnvoyRbacModel.contains(c, a));
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }
}
