package dev.ingressc.emit.nginx;

import dev.ingressc.ir.Upstream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * nginx identifiers for upstreams: the IR name with every character but letters and digits turned
 * into {@code _}, and a number added when two names would collide. The IR lists upstreams sorted,
 * so the same input always gives the same identifiers.
 */
final class UpstreamIds {
  private final Map<String, String> ids = new HashMap<>();

  UpstreamIds(List<Upstream> upstreams) {
    Set<String> taken = new HashSet<>();
    for (Upstream u : upstreams) {
      String base = sanitize(u.name());
      String id = base;
      for (int n = 2; !taken.add(id); n++) {
        id = base + "_" + n;
      }
      ids.put(u.name(), id);
    }
  }

  String id(String upstreamName) {
    String id = ids.get(upstreamName);
    if (id == null) {
      throw new IllegalStateException("no upstream named " + upstreamName + " in the IR");
    }
    return id;
  }

  private static String sanitize(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      sb.append(plain ? c : '_');
    }
    return sb.toString();
  }
}
