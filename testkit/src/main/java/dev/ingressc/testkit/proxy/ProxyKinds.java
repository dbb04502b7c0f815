package dev.ingressc.testkit.proxy;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The proxies the harness can run, by target name: each target's room registers its
 * {@link ProxyKind} as a {@link ServiceLoader} service in its test-jar
 * ({@code emitters/<proxy>/src/test/resources/META-INF/services}), which a module's tests depend on.
 */
public final class ProxyKinds {
  private ProxyKinds() {}

  public static Optional<ProxyKind> byName(String name) {
    return Optional.ofNullable(available().get(name));
  }

  /** Every kind on the class path, by name. */
  public static Map<String, ProxyKind> available() {
    Map<String, ProxyKind> out = new TreeMap<>();
    ServiceLoader.load(ProxyKind.class).forEach(k -> out.put(k.name(), k));
    return out;
  }
}
