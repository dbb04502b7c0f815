package dev.ingressc.emit.nginx;

import dev.ingressc.emit.nginx.ConfigView.Listen;
import dev.ingressc.emit.nginx.ConfigView.ServerView;
import dev.ingressc.emit.nginx.ConfigView.WwwView;
import dev.ingressc.ir.VirtualHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The servers of a twin name that from-to-www-redirect sends to its host (HostIndex.wwwTwin): one
 * for plain HTTP and, with a TLS port, one for TLS (its certificate the one the IR chooses for the
 * name; none: the handshake is refused, as for any name without one). Each answers every request
 * with 308 to the host, the scheme of its port, and {@code $request_uri} less one trailing slash
 * of a path without query (the server.ftl statements).
 */
final class WwwServers {
  private WwwServers() {}

  static List<ServerView> of(String name, VirtualHost to, Listen plain, Listen tls, Optional<String> certificate,
      Optional<String> key, int httpsPort) {
    String comment = "host " + name + ": from-to-www-redirect to " + to.host();
    List<ServerView> out = new ArrayList<>();
    out.add(server(comment, plain, name, null, null, false, "http://" + to.host()));
    if (tls != null) {
      out.add(server(comment + " (TLS)", tls, name, certificate.orElse(null), key.orElse(null), certificate.isEmpty(),
          "https://" + to.host() + (httpsPort == 443 ? "" : ":" + httpsPort)));
    }
    return out;
  }

  private static ServerView server(String comment, Listen listen, String name, String certificate, String key,
      boolean reject, String target) {
    WwwView www = new WwwView(target, NginxOutputFormat.INSTANCE.markup(
        NginxQuoting.beforeVariables(target, "$ingressc_www_uri")));
    return new ServerView(comment, List.of(listen), List.of(ServerNames.serverName(name)), certificate, key, reject,
        null, List.of(), null, www);
  }
}
