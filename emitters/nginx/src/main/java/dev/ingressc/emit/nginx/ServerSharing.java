package dev.ingressc.emit.nginx;

import dev.ingressc.emit.templating.EscapingOutputFormat;
import dev.ingressc.emit.nginx.ConfigView.Action;
import dev.ingressc.emit.nginx.ConfigView.Listen;
import dev.ingressc.emit.nginx.ConfigView.LocationView;
import dev.ingressc.emit.nginx.ConfigView.ServerView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges the named servers that differ only in their names and comments into one server that
 * lists all the names. Two such servers answer every request alike, so which of them nginx picks
 * by Host makes no difference; one server with their locations once costs nginx's config check a
 * server and its locations instead of one per host (about 80 µs a server and 20 µs a location on
 * nginx 1.22).
 *
 * <p>A server with a certificate is never shared: every TLS host keeps its own server, its
 * certificate chosen by SNI. Servers keep the order of their first host, so the output stays
 * deterministic. A shared server's comment names its first host and how many others share it (never
 * all of them: nginx refuses a comment longer than its 4 KB parse buffer), and each location's
 * comment names the route of the first host and says that the others have the same.
 *
 * <p>In the lua format, exact hosts whose servers differ only in the upstream ids of their
 * locations share a server too: such a location sets a slot, and the host-route map gives each
 * host's upstream id for it ({@code map "$host $ingressc_slot"}). nginx lower-cases the Host and
 * drops its port and trailing dot, as it does to pick the server, so {@code $host} is the name the
 * server matched. Wildcard hosts keep their upstream ids in the server: their {@code $host} is
 * the request's own name, not the wildcard. Ten thousand Ingresses that each route a host to a
 * Service of their own then make one server, not ten thousand (which the Lua module makes
 * costly: 0.3 ms a location in nginx's config check, for the SSL context it makes for each).
 * Hosts that route to the same upstreams as many others ({@link #OWN_SERVER_FROM}) share a server
 * of their own instead, as in the native format, so the map does not grow with them.
 */
final class ServerSharing {
  /** Everything that decides how a server answers, without names and comments. */
  private record Shape(List<Listen> listens, boolean rejectHandshake, HttpsRedirect redirect,
      List<ConfigView.LocationView> locations, String appRoot, String www) {}

  /**
   * In the lua format, hosts whose routes go to the same upstreams as more than this many others
   * keep a server of their own rather than entries in the host-route map: a location costs
   * nginx's check about 150 µs with the Lua module loaded, a map entry about 1 µs, so a server
   * pays for itself from about 150 hosts on.
   */
  static final int OWN_SERVER_FROM = 128;

  /** Groups by the key of {@link #add}; within one, servers that are equal including upstream ids. */
  private final Map<Object, Map<Shape, Group>> groups = new LinkedHashMap<>();
  private final boolean byHostRoutes;
  private final List<ConfigView.MapEntry> hostRoutes = new ArrayList<>();

  /** @param byHostRoutes whether hosts may share a server whose upstream ids differ (the lua format) */
  ServerSharing(boolean byHostRoutes) {
    this.byHostRoutes = byHostRoutes;
  }

  private static final class Group {
    final List<String> hosts = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    final List<ServerView> views = new ArrayList<>();

    ServerView first() {
      return views.get(0);
    }

    void addAll(Group other) {
      hosts.addAll(other.hosts);
      names.addAll(other.names);
      views.addAll(other.views);
    }
  }

  /** Adds the server made for {@code host}. */
  void add(String host, ServerView s) {
    boolean alone = s.certificate() != null || s.names().isEmpty();
    Shape exact = alone ? null : shape(s, false);
    Object key = alone ? new Object() : byHostRoutes && !ServerNames.isWildcard(host) ? shape(s, true) : exact;
    Group g = groups.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(exact, k -> new Group());
    g.hosts.add(host);
    g.names.addAll(s.names());
    g.views.add(s);
  }

  /** The host-route map's entries, once {@link #servers} has run. */
  List<ConfigView.MapEntry> hostRoutes() {
    return hostRoutes;
  }

  List<ServerView> servers() {
    List<ServerView> out = new ArrayList<>();
    for (Map<Shape, Group> byUpstreams : groups.values()) {
      Group mapped = new Group();
      for (Group g : byUpstreams.values()) {
        if (byUpstreams.size() == 1 || g.hosts.size() > OWN_SERVER_FROM) {
          out.add(server(g));
        } else {
          mapped.addAll(g);
        }
      }
      if (!mapped.hosts.isEmpty()) {
        out.add(server(mapped));
      }
    }
    return out;
  }

  /** One server for the group's hosts; locations whose upstream ids differ among them get slots. */
  private ServerView server(Group g) {
    ServerView s = g.first();
    if (g.hosts.size() == 1) {
      return s;
    }
    String others = " (and the same on the other " + (g.hosts.size() - 1) + " hosts of this server)";
    List<LocationView> locations = new ArrayList<>();
    for (int i = 0; i < s.locations().size(); i++) {
      LocationView l = s.locations().get(i);
      if (sameUpstream(g, i)) {
        locations.add(l.with(l.path(), l.comment() + others, l.action()));
        continue;
      }
      String slot = Integer.toString(i + 1);
      for (int h = 0; h < g.hosts.size(); h++) {
        hostRoutes.add(new ConfigView.MapEntry(g.hosts.get(h) + " " + slot,
            g.views.get(h).locations().get(i).action().balanced()));
      }
      locations.add(l.with(l.path(), l.comment() + " (the other " + (g.hosts.size() - 1)
          + " hosts of this server: the same path to their own backends, by the host-route map)",
          l.action().bySlot(slot)));
    }
    // Bounded: nginx refuses a comment longer than its 4 KB parse buffer. server_name lists them all.
    String comment = "host " + g.hosts.get(0) + " and " + (g.hosts.size() - 1) + " more (see server_name)"
        + (s.redirect() != null ? ": plain HTTP is redirected to https, one server" : ": the same routes, one server");
    return new ServerView(comment, s.listens(), List.copyOf(g.names), null, null, s.rejectHandshake(), s.redirect(),
        locations, s.appRoot(), s.www());
  }

  private static boolean sameUpstream(Group g, int location) {
    String first = g.first().locations().get(location).action().balanced();
    return g.views.stream().allMatch(v -> Objects.equals(v.locations().get(location).action().balanced(), first));
  }

  private static Shape shape(ServerView s, boolean anyUpstream) {
    return new Shape(s.listens(), s.rejectHandshake(), s.redirect(), s.locations().stream()
        // Modifiers are Keyword constants, so identity is equality.
        .map(l -> l.shape(anyUpstream ? l.action().anyBalanced() : l.action()))
        .toList(), s.appRoot() == null ? null : s.appRoot().tlsOnly() + " " + s.appRoot().path(),
        s.www() == null ? null : s.www().target());
  }
}
