package dev.ingressc.emit;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The emitters on the class path, by target name. */
public final class Emitters {
  private Emitters() {}

  public static Map<String, Emitter> available() {
    Map<String, Emitter> out = new TreeMap<>();
    ServiceLoader.load(Emitter.class).forEach(e -> out.put(e.target(), e));
    return out;
  }
}
