package dev.ingressc.emit.haproxy.live;

import dev.ingressc.emit.live.LiveSettings;
import dev.ingressc.emit.live.LiveTarget;

/** {@code ingressc run --target haproxy}: HAProxy in master-worker mode ({@link HaproxyApplier}). */
public final class HaproxyLiveTarget implements LiveTarget.Factory {
  @Override
  public String name() {
    return "haproxy";
  }

  @Override
  public boolean readsFiles() {
    return true;
  }

  @Override
  public LiveTarget open(LiveSettings settings) {
    settings.refuseFormat();
    return new HaproxyApplier(settings);
  }
}
