package dev.ingressc.emit.nginx.live;

import dev.ingressc.emit.live.LiveSettings;
import dev.ingressc.emit.live.LiveTarget;
import dev.ingressc.emit.nginx.NginxFormat;

/**
 * {@code ingressc run --target nginx}: native nginx reloads for every change ({@link NginxApplier});
 * {@code --format lua} posts endpoint changes to its control socket ({@link NginxLuaApplier}).
 */
public final class NginxLiveTarget implements LiveTarget.Factory {
  @Override
  public String name() {
    return "nginx";
  }

  @Override
  public boolean readsFiles() {
    return true;
  }

  @Override
  public LiveTarget open(LiveSettings settings) {
    boolean lua = NginxFormat.parse(settings.format()) == NginxFormat.LUA;
    return lua ? new NginxLuaApplier(settings) : new NginxApplier(settings);
  }
}
