package dev.ingressc.emit.nginx;

import java.util.regex.Pattern;

/**
 * server_name values. An exact host is itself. A wildcard {@code *.foo.com} becomes the regex
 * {@code ~^[^.]+\.foo\.com\z}: nginx's own {@code *.foo.com} would also take {@code a.b.foo.com},
 * but an Ingress wildcard covers exactly one label. The regex is built only from a validated DNS
 * suffix, whose one special character, {@code .}, is escaped; {@code \z} ends it because
 * {@code $} cannot pass {@link NginxQuoting}.
 */
final class ServerNames {
  private static final Pattern DNS = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private ServerNames() {}

  static boolean isWildcard(String host) {
    return host.startsWith("*.");
  }

  static String serverName(String host) {
    String name = isWildcard(host) ? host.substring(2) : host;
    if (!DNS.matcher(name).matches()) {
      throw new NginxQuoting.UnsafeValueException("a host that is not a DNS name cannot be a server_name");
    }
    return isWildcard(host) ? "~^[^.]+\\." + name.replace(".", "\\.") + "\\z" : name;
  }
}
