package dev.ingressc.emit.nginx.live;

import dev.ingressc.emit.live.LiveLog;
import dev.ingressc.emit.live.support.UnixSocketClient;
import dev.ingressc.emit.live.support.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The control socket of nginx in the lua format ({@code POST /endpoints}, {@code POST|DELETE /drain}),
 * and what nginx's shared memory holds from it: posted endpoints outlive reloads.
 */
final class LuaControl {
  /**
   * How long before a reload the running workers answer with "Connection: close": a keep-alive
   * client that sends at least this often moves to a new connection before they stop, instead of
   * having its idle one closed under a request (see lua.ftl, ingressc.header).
   */
  static final Duration KEEPALIVE_HANDOVER = Duration.ofMillis(100);

  private final Path socket;
  private final LiveLog log;
  /** What nginx's shared memory holds: every upstream id posted since the master started. */
  final Map<String, String> posted = new HashMap<>();
  /** A post or a reload failed: what nginx holds is not known until everything is replaced. */
  boolean postedUnknown;

  LuaControl(Path socket, LiveLog log) {
    this.socket = socket;
    this.log = log;
  }

  /** A master that read the files afresh holds nothing posted. */
  void forget() {
    posted.clear();
    postedUnknown = false;
  }

  boolean socketExists() {
    return Files.exists(socket);
  }

  /**
   * Posts {@code id peers} lines; what nginx took is remembered, as it outlives reloads. With
   * {@code replace}, they are all that nginx holds afterwards. After a failure nothing is known of
   * what it holds, until everything has been replaced.
   */
  void post(String body, boolean replace) throws IOException {
    postedUnknown = true;
    exchange("POST", "/endpoints" + (replace ? "?replace=1" : ""), body);
    if (replace) {
      posted.clear();
    }
    body.lines().forEach(l -> posted.put(l.substring(0, l.indexOf(' ')), l.substring(l.indexOf(' ') + 1)));
    postedUnknown = false;
  }

  /**
   * The running workers, marked to close keep-alive connections ({@code POST /drain}), hand their
   * clients over until {@code deadline}; when nginx did not take the mark there is nothing to
   * wait for or to undo.
   */
  record Handover(LuaControl owner, long deadline) {
    static final Handover NONE = new Handover(null, 0);

    /** Returns once the marked workers have had {@link #KEEPALIVE_HANDOVER} since the mark. */
    void await() {
      if (owner != null) {
        Waits.sleep(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      }
    }

    /** The reload failed: the marked workers keep serving, and stop closing connections. */
    void cancel() {
      if (owner != null) {
        owner.request("DELETE", "/drain", "");
      }
    }
  }

  Handover beginHandover() {
    long deadline = System.nanoTime() + KEEPALIVE_HANDOVER.toNanos();
    return request("POST", "/drain", "").isPresent() ? new Handover(this, deadline) : Handover.NONE;
  }

  /** One request to the control socket; a failure is logged, as nothing depends on it. */
  private Optional<String> request(String method, String path, String body) {
    try {
      return Optional.of(exchange(method, path, body));
    } catch (IOException e) {
      log.warn("control_request_failed", "proxy", "nginx", "request", method + " " + path, "error", e.getMessage());
      return Optional.empty();
    }
  }

  /** Sends one request to the control socket and returns the answer's body; anything but 200 fails. */
  private String exchange(String method, String path, String body) throws IOException {
    String answer = UnixSocketClient.exchange(socket, method + " " + path + " HTTP/1.0\r\nHost: ingressc\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    String status = answer.lines().findFirst().orElse("");
    int end = answer.indexOf("\r\n\r\n");
    String text = end < 0 ? "" : answer.substring(end + 4).strip();
    if (!status.matches("HTTP/1\\.\\d 200 .*")) {
      throw new IOException("nginx answered " + (status.isEmpty() ? "nothing" : status) + " to " + method + " "
          + path + ": " + text);
    }
    return text;
  }

  /** A master that was killed leaves its socket file behind, and nginx cannot bind over it. */
  void removeStaleSocket() {
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      log.warn("stale_socket", "path", socket, "error", e.getMessage());
    }
  }
}
