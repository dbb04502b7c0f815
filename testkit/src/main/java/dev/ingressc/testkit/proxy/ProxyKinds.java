package dev.ingressc.testkit.proxy;

import java.util.Map;
import java.util.Optional;

/** The proxies the harness can run, by target name. Add a target's {@link ProxyKind} here. */
public final class ProxyKinds {
  private static final Map<String, ProxyKind> KINDS = Map.of("nginx", new NginxKind(), "nginx-lua", new NginxLuaKind(),
      "haproxy", new HaproxyKind());

  private ProxyKinds() {}

  public static Optional<ProxyKind> byName(String name) {
    return Optional.ofNullable(KINDS.get(name));
  }
}
