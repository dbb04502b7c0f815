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
  ROUND_ROBIN(""),
  /** The nginx module a location proxies with: its directives are MODULE_pass, MODULE_read_timeout... */
  PROXY_MODULE("proxy"),
  GRPC_MODULE("grpc"),
  HTTP("http://"),
  HTTPS("https://"),
  GRPC("grpc://"),
  GRPCS("grpcs://");

  private final EscapingOutputFormat.Markup markup;
  private final String text;

  Keyword(String text) {
    this.text = text;
    this.markup = NginxOutputFormat.INSTANCE.markup(text);
  }

  String text() {
    return text;
  }

  EscapingOutputFormat.Markup markup() {
    return markup;
  }
}
