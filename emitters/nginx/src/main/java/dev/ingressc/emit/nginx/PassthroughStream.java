package dev.ingressc.emit.nginx;

import java.util.List;

/**
 * The {@code stream} block of ssl-passthrough (SEMANTICS.md, "TLS passthrough"), decided: the TLS
 * port reads the SNI ({@code ssl_preread}) and passes each connection, with a PROXY protocol
 * header so the client address survives, to a socket: a passed-through host's relay, which drops
 * the header and forwards the raw stream to its backend, or else the http block's TLS servers,
 * which listen on {@link #httpsSocket} with {@code proxy_protocol}.
 *
 * @param module the stream module to load, absolute (Debian's libnginx-mod-stream)
 * @param port the TLS port
 * @param httpsSocket where the http block's TLS servers listen ({@code unix:PATH})
 * @param hosts SNI to relay socket, one per passed-through host, by host
 * @param relays one per passed-through upstream
 */
public record PassthroughStream(String module, int port, String httpsSocket, List<ConfigView.MapEntry> hosts,
    List<Relay> relays) {

  /**
   * @param socket where it listens ({@code unix:PATH}), with proxy_protocol
   * @param comment the upstream it stands for
   * @param id the stream upstream block's name; null when there is none
   * @param servers the block's endpoints ({@code host:port})
   * @param dnsTarget {@code host:port} of a DNS upstream, resolved at load; null otherwise
   */
  public record Relay(String socket, String comment, String id, List<String> servers, String dnsTarget) {
    /** No endpoint can serve: the connection is closed. */
    public boolean closed() {
      return id == null && dnsTarget == null;
    }
  }
}
