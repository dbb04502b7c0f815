package dev.ingressc.emit.nginx;

import dev.ingressc.emit.templating.EscapingOutputFormat;

/**
 * Freemarker auto-escaping for nginx.conf: every {@code ${...}} of a string or number goes through
 * {@link NginxQuoting#quote}. Only {@link Keyword} constants reach the file unquoted.
 */
final class NginxOutputFormat {
  static final EscapingOutputFormat INSTANCE = new EscapingOutputFormat("nginx", NginxQuoting::quote);

  private NginxOutputFormat() {}
}
