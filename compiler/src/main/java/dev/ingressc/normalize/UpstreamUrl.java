package dev.ingressc.normalize;

import dev.ingressc.ir.Endpoint;
import dev.ingressc.validate.Names;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** A plain {@code http://host[:port]} upstream, as class parameters map resource backends to. */
public record UpstreamUrl(String host, int port, boolean literalIp) {
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  public Endpoint endpoint() {
    return new Endpoint(host, port);
  }

  /** Parses {@code text}, throwing {@link IllegalArgumentException} with a user-facing reason. */
  public static UpstreamUrl parse(String text) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(Names.quote(text) + " is not a URL: " + e.getReason());
    }
    if (!"http".equals(uri.getScheme())) {
      throw new IllegalArgumentException(Names.quote(text) + " must be an http:// URL");
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
        || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))) {
      throw new IllegalArgumentException(Names.quote(text) + " must be only http://HOST[:PORT], with no user, path or query");
    }
    String host = uri.getHost();
    if (host == null) {
      throw new IllegalArgumentException(Names.quote(text) + " has no host");
    }
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(Names.quote(text) + " has a port outside 1-65535");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      String ip = host.substring(1, host.length() - 1);
      if (!Names.isIpv6Literal(ip)) {
        throw new IllegalArgumentException(Names.quote(text) + " has an invalid IPv6 address");
      }
      return new UpstreamUrl(ip.toLowerCase(java.util.Locale.ROOT), port, true);
    }
    if (IPV4.matcher(host).matches()) {
      return new UpstreamUrl(host, port, true);
    }
    String lower = host.toLowerCase(java.util.Locale.ROOT);
    Names.dns1123Subdomain(lower).or(() -> Names.upstreamHost(lower)).ifPresent(p -> {
      throw new IllegalArgumentException(Names.quote(text) + ": " + p);
    });
    return new UpstreamUrl(lower, port, false);
  }
}
