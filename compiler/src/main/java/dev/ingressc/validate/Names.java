package dev.ingressc.validate;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API server's name rules (k8s.io/apimachinery validation), as messages a user can act on.
 * Every method returns the problem, or empty when the value is valid.
 */
public final class Names {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern IANA_SVC = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,62}");

  private Names() {}

  /** RFC 1123 label: namespaces. */
  public static Optional<String> dns1123Label(String s) {
    if (s.length() > 63 || !LABEL.matcher(s).matches()) {
      return Optional.of(quote(s) + " is not a valid RFC 1123 label: at most 63 lowercase letters, digits and '-',"
          + " starting and ending with a letter or digit");
    }
    return Optional.empty();
  }

  /** RFC 1123 subdomain: names of Ingresses, Secrets, IngressClasses, resources. */
  public static Optional<String> dns1123Subdomain(String s) {
    if (s.length() > 253 || !SUBDOMAIN.matcher(s).matches()) {
      return Optional.of(quote(s) + " is not a valid RFC 1123 subdomain: lowercase letters, digits, '-' and '.',"
          + " starting and ending with a letter or digit, at most 253 characters");
    }
    return Optional.empty();
  }

  /** RFC 1035 label: Service names. */
  public static Optional<String> dns1035Label(String s) {
    if (s.length() > 63 || !LABEL_1035.matcher(s).matches()) {
      return Optional.of(quote(s) + " is not a valid Service name (RFC 1035 label): at most 63 lowercase letters,"
          + " digits and '-', starting with a letter and ending with a letter or digit");
    }
    return Optional.empty();
  }

  /**
   * A problem when a proxy would read upstream host {@code host} (a valid DNS name, lower case) as
   * something other than a host: nginx reads {@code unix:} at the start of an address as a UNIX
   * socket, so {@code proxy_pass http://unix:80} connects to the file {@code 80}. HAProxy's
   * address prefixes ({@code unix@}, {@code abns@}, {@code fd@}, ...) and its {@code /} paths
   * hold characters no DNS name has; Envoy takes a socket address's host as a host.
   */
  public static Optional<String> upstreamHost(String host) {
    if (host.equals("unix")) {
      return Optional.of("the host name \"unix\" is read by nginx as a UNIX socket, not a host;"
          + " write the name fully qualified (with its domain)");
    }
    return Optional.empty();
  }

  /** IANA service name: named ports. */
  public static Optional<String> portName(String s) {
    if (s.length() > 15 || !IANA_SVC.matcher(s).matches() || s.contains("--") || s.chars().noneMatch(Character::isLetter)) {
      return Optional.of(quote(s) + " is not a valid port name (IANA service name): at most 15 lowercase letters,"
          + " digits and '-', with at least one letter, no '--', starting and ending with a letter or digit");
    }
    return Optional.empty();
  }

  /** A resource kind: an identifier. */
  public static Optional<String> kind(String s) {
    if (!KIND.matcher(s).matches()) {
      return Optional.of(quote(s) + " is not a valid kind: a letter followed by letters and digits");
    }
    return Optional.empty();
  }

  /**
   * An Ingress host: a lowercase RFC 1123 subdomain whose first label may be {@code *}; not an IP
   * address, no port, not a bare {@code *}.
   */
  public static Optional<String> host(String host) {
    if (host.equals("*")) {
      return Optional.of("a bare '*' is not a valid host; use a wildcard such as '*.example.com', or omit host to match every host");
    }
    if (IPV4.matcher(host).matches() || (host.indexOf(':') != host.lastIndexOf(':')) || host.startsWith("[")) {
      return Optional.of(quote(host) + " must be a DNS name, not an IP address");
    }
    if (host.indexOf(':') >= 0) {
      return Optional.of(quote(host) + " must not contain a port: Ingress hosts match on the name only");
    }
    if (!host.equals(host.toLowerCase(java.util.Locale.ROOT))) {
      return Optional.of(quote(host) + " must be lowercase (write " + quote(host.toLowerCase(java.util.Locale.ROOT)) + ")");
    }
    String rest = host.startsWith("*.") ? host.substring(2) : host;
    if (rest.indexOf('*') >= 0) {
      return Optional.of(quote(host) + ": '*' is allowed only as the whole first label, as in '*.example.com'");
    }
    if (rest.length() > 253 || !SUBDOMAIN.matcher(rest).matches()) {
      return Optional.of(quote(host) + " is not a valid host: lowercase letters, digits, '-' and '.', each label starting"
          + " and ending with a letter or digit, optionally with a leading '*.' wildcard label");
    }
    for (String label : rest.split("\\.")) {
      if (label.length() > 63) {
        return Optional.of(quote(host) + " has a label longer than 63 characters");
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code s} is an IPv6 address literal (no brackets, no zone). The JDK's own parser
   * decides, and is only asked once the text can be nothing but a literal, so no name is ever
   * looked up.
   */
  public static boolean isIpv6Literal(String s) {
    boolean shape = !s.isEmpty() && s.indexOf(':') >= 0
        && (Character.digit(s.charAt(0), 16) >= 0 || s.charAt(0) == ':')
        && s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
    if (!shape) {
      return false;
    }
    try {
      java.net.InetAddress.getByName(s);
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** Quotes a user value for a message: see {@link dev.ingressc.diag.UserText#quote}. */
  public static String quote(String s) {
    return dev.ingressc.diag.UserText.quote(s);
  }
}
