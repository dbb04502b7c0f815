package dev.ingressc.emit.nginx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * nginx with the Lua module, for the nginx target's {@code lua} format: the same binary and
 * commands as {@link NginxKind}, plus Debian's {@code libnginx-mod-http-lua}, which the generated
 * config loads from {@value #MODULE}. No public image ships that path, so it runs locally only.
 */
public final class NginxLuaKind extends NginxKind {
  static final String MODULE = "/usr/lib/nginx/modules/ngx_http_lua_module.so";

  @Override
  public String name() {
    return "nginx-lua";
  }

  @Override
  public String image() {
    return null;
  }

  @Override
  public Optional<String> missingLocally() {
    return super.missingLocally().or(() -> Files.exists(Path.of(MODULE)) ? Optional.empty()
        : Optional.of("no " + MODULE + " (apt-get install libnginx-mod-http-lua)"));
  }
}
