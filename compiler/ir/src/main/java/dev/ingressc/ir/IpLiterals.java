package dev.ingressc.ir;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPv4 and IPv6 address literals, read without ever looking a name up: dotted-quad IPv4 (each
 * part 0-255, no leading zeros but a lone 0) and IPv6 in any form Java reads, except an
 * IPv4-mapped one ({@code ::ffff:1.2.3.4}), which proxies compare as IPv4 or IPv6 differently.
 */
public final class IpLiterals {
  private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  private IpLiterals() {}

  /** The address {@code literal} writes, or empty when it is no literal this class reads. */
  public static Optional<InetAddress> parse(String literal) {
    Matcher m = IPV4.matcher(literal);
    if (m.matches()) {
      for (int i = 1; i <= 4; i++) {
        if (Integer.parseInt(m.group(i)) > 255) {
          return Optional.empty();
        }
      }
    } else if (!IPV6.matcher(literal).matches()) {
      return Optional.empty();
    }
    try {
      // A dotted quad or a string with ':' is read as a literal; neither is ever looked up.
      InetAddress a = InetAddress.getByName(literal);
      return a instanceof Inet4Address && literal.indexOf(':') >= 0 ? Optional.empty() : Optional.of(a);
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
