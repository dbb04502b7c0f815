package dev.ingressc.emit.nginx;

import dev.ingressc.emit.templating.EscapingOutputFormat;
/**
 * The only text the view model hands to templates unquoted: fixed nginx tokens, each a literal
 * here. No IR value can become a keyword.
 */
enum Keyword {
  EXACT("="),
  PREFIX("^~"),
  LEAST_CONN("least_conn;"),
  RANDOM("random;"),
  CLIENT_IP_HASH("hash $remote_addr consistent;"),
  ROUND_ROBIN("");

  private final EscapingOutputFormat.Markup markup;

  Keyword(String text) {
    this.markup = NginxOutputFormat.INSTANCE.markup(text);
  }

  EscapingOutputFormat.Markup markup() {
    return markup;
  }
}
