package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.templating.EscapingOutputFormat;

/**
 * Freemarker auto-escaping for HAProxy files: every {@code ${...}} goes through
 * {@link HaproxyQuoting#cfg} in haproxy.cfg templates and {@link HaproxyQuoting#mapToken} in map
 * templates. Templates choose the format by their extension ({@code .map.ftl}, else {@code .ftl}).
 */
final class HaproxyOutputFormat {
  static final EscapingOutputFormat CFG = new EscapingOutputFormat("haproxy-cfg", HaproxyQuoting::cfg);
  static final EscapingOutputFormat MAP = new EscapingOutputFormat("haproxy-map", HaproxyQuoting::mapToken);

  private HaproxyOutputFormat() {}
}
