package dev.ingressc.ir;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The endpoints of one compile, apart from its routing ({@link IngressIR}): upstream name to its
 * endpoints. Every upstream of the IR has an entry: the ready endpoints of a Service port, the
 * single host name and port of a {@link UpstreamKind#DNS} upstream (an ExternalName, a Service
 * without EndpointSlices, a resource backend's URL), none for {@link UpstreamKind#UNAVAILABLE}.
 * The routing depends on the endpoints only through "has any ready endpoint" (an upstream with
 * none is {@code UNAVAILABLE}), so a change of this table alone is applied as endpoints.
 *
 * @param byUpstream upstream name to its endpoints; iterated by name, each list sorted
 */
public record EndpointTable(Map<String, List<Endpoint>> byUpstream) {
  public static final EndpointTable EMPTY = new EndpointTable(Map.of());

  public EndpointTable {
    // A map already sorted by name (the compiler's) is copied in linear time, lists already sorted kept.
    TreeMap<String, List<Endpoint>> sorted = byUpstream instanceof SortedMap<String, List<Endpoint>> s
        && s.comparator() == null ? new TreeMap<>(s) : new TreeMap<>(byUpstream);
    sorted.replaceAll((k, v) -> sortedCopy(v));
    byUpstream = Collections.unmodifiableMap(sorted);
  }

  private static List<Endpoint> sortedCopy(List<Endpoint> endpoints) {
    for (int i = 1; i < endpoints.size(); i++) {
      if (endpoints.get(i - 1).compareTo(endpoints.get(i)) > 0) {
        return endpoints.stream().sorted().toList();
      }
    }
    return List.copyOf(endpoints);
  }

  /** The endpoints of {@code upstream}; none when the table has no entry for it. */
  public List<Endpoint> of(String upstream) {
    return byUpstream.getOrDefault(upstream, List.of());
  }
}
