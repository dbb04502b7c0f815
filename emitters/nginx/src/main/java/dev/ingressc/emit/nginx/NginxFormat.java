package dev.ingressc.emit.nginx;

import java.util.Optional;

/**
 * The two shapes of the nginx target's output, chosen with {@code --format}.
 *
 * <ul>
 *   <li>{@link #NATIVE}: an {@code upstream} block per upstream. Runs on any nginx.
 *   <li>{@link #LUA}: for nginx with the Lua module (Debian's {@code libnginx-mod-http-lua}).
 *       Round-robin and random upstreams share one upstream whose {@code balancer_by_lua} picks
 *       the endpoint from a map in {@code endpoints.conf}, or from what the sidecar posted to
 *       its control socket. nginx looks each upstream up by walking the list of all of them, so a
 *       config with 10,000 upstream blocks takes seconds to load; here it holds a handful. It also
 *       lets the sidecar change endpoints without a reload, as ingress-nginx does.
 * </ul>
 */
public enum NginxFormat {
  NATIVE,
  LUA;

  public static NginxFormat parse(Optional<String> format) {
    return switch (format.orElse("native")) {
      case "native" -> NATIVE;
      case "lua" -> LUA;
      default -> throw new IllegalArgumentException("the nginx target's --format is native or lua, not "
          + format.get());
    };
  }
}
