package dev.ingressc.emit.live;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The live targets on the class path, by target name (each room registers its {@link LiveTarget.Factory}). */
public final class LiveTargets {
  private LiveTargets() {}

  public static Map<String, LiveTarget.Factory> available() {
    Map<String, LiveTarget.Factory> out = new TreeMap<>();
    ServiceLoader.load(LiveTarget.Factory.class).forEach(f -> out.put(f.name(), f));
    return out;
  }
}
