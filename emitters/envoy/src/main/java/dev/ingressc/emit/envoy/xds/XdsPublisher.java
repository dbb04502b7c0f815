package dev.ingressc.emit.envoy.xds;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import dev.ingressc.emit.envoy.EnvoyResources;
import dev.ingressc.emit.envoy.EnvoyTranslator;
import dev.ingressc.emit.envoy.EnvoyValidation;
import dev.ingressc.emit.envoy.VirtualHostCache;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * From an IR to a published snapshot: the one {@link EnvoyTranslator} in its xDS form, the proto
 * check of every resource (of every virtual host, for route tables), then a snapshot whose version per type is a hash of that type's
 * content. A type whose resources did not change keeps its version, so the cache sends nothing for
 * it; an endpoint-only change moves the EDS version alone. A set that fails the check is not
 * published: the last good snapshot keeps being served.
 *
 * <p>Called from the reconcile thread only.
 */
public final class XdsPublisher {
  /** The xDS types in the order Envoy needs them (CDS, EDS, LDS, RDS, SDS), by short name. */
  public static final List<String> TYPES = List.of("CDS", "EDS", "LDS", "RDS", "SDS");

  private final XdsServer server;
  private final int httpPort;
  private final int httpsPort;
  /** Digests of resources that passed the check: an unchanged resource is not checked again. */
  private Set<String> checked = new HashSet<>();
  /** Virtual hosts kept between translations: an unchanged host is the same object as before... */
  private final VirtualHostCache virtualHosts = new VirtualHostCache();
  /** The routing last published through {@link #publish(IngressIR, EndpointTable)}. */
  private IngressIR lastRouting;
  /** ...so its digest is remembered by identity, and not computed again. */
  private Map<Message, Digest> digests = new IdentityHashMap<>();

  /** A unit's digest, and its id in {@link #checked}, derived once per unit instance. */
  private record Digest(byte[] bytes, String id) {}

  public XdsPublisher(XdsServer server, int httpPort, int httpsPort) {
    this.server = server;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
  }

  /**
   * What a publish did.
   *
   * @param ok whether the snapshot was set
   * @param problem why not, naming the resource (never its content)
   * @param versions the version per type now served (the old ones when not ok)
   * @param changed the types whose version changed
   */
  public record Published(boolean ok, String problem, Map<String, String> versions, List<String> changed) {}

  /** Apply routing: every type from the routing and endpoints. */
  public Published publish(IngressIR ir, EndpointTable endpoints) {
    lastRouting = ir;
    return publish(EnvoyTranslator.translateForXds(ir, endpoints, httpPort, httpsPort, virtualHosts));
  }

  /**
   * Apply endpoints: the routing last published with other endpoints. Only the load assignments
   * (EDS) differ, so only EDS gets a new version (versions are content hashes, which Envoy needs;
   * they no longer tell the sidecar what changed). Refused before any routing was published.
   */
  public Published publishEndpoints(EndpointTable endpoints) {
    if (lastRouting == null) {
      return refused("no routing published yet");
    }
    return publish(EnvoyTranslator.translateForXds(lastRouting, endpoints, httpPort, httpsPort, virtualHosts));
  }

  /** Checks and publishes a resource set (the sidecar's translation, or a test's). */
  public Published publish(EnvoyResources res) {
    Map<String, List<? extends Message>> byType = new LinkedHashMap<>();
    byType.put("CDS", sorted(res.clusters(), c -> c.getName()));
    byType.put("EDS", sorted(res.loadAssignments(), a -> a.getClusterName()));
    byType.put("LDS", sorted(res.listeners(), l -> l.getName()));
    byType.put("RDS", sorted(res.routeConfigurations(), r -> r.getName()));
    byType.put("SDS", sorted(res.secrets(), s -> s.getName()));

    Map<String, String> versions = new LinkedHashMap<>();
    Set<String> nowChecked = new HashSet<>();
    Map<Message, Digest> nowDigests = new IdentityHashMap<>(digests.size() + 16);
    for (var e : byType.entrySet()) {
      MessageDigest type = sha256();
      for (Message m : e.getValue()) {
        for (Message unit : units(m)) {
          Digest one = digests.get(unit);
          if (one == null) {
            byte[] bytes = digest(unit);
            one = new Digest(bytes, e.getKey() + ":" + hex(bytes, 32));
          }
          nowDigests.put(unit, one);
          type.update(one.bytes());
          String id = one.id();
          if (!checked.contains(id)) {
            var problem = EnvoyValidation.strictRoundTrip(unit, m instanceof Secret);
            if (problem.isPresent()) {
              return refused(e.getKey() + " " + Resources.getResourceName(m)
                  + (unit instanceof VirtualHost v ? " virtual host " + v.getName() : "") + ": " + problem.get());
            }
          }
          nowChecked.add(id);
        }
      }
      versions.put(e.getKey(), hex(type.digest(), 16));
    }
    Snapshot snapshot = Snapshot.create(
        res.clusters(), versions.get("CDS"),
        res.loadAssignments(), versions.get("EDS"),
        res.listeners(), versions.get("LDS"),
        res.routeConfigurations(), versions.get("RDS"),
        res.secrets(), versions.get("SDS"));
    Optional<String> dangling = References.check(res);
    if (dangling.isPresent()) {
      return refused("inconsistent snapshot: " + dangling.get());
    }
    Map<String, String> before = versions();
    List<String> changed = TYPES.stream().filter(t -> !versions.get(t).equals(before.get(t))).toList();
    checked = nowChecked;
    digests = nowDigests;
    server.setSnapshot(snapshot);
    return new Published(true, "", versions, changed);
  }

  /** The version per type of the snapshot being served; empty before the first. */
  public Map<String, String> versions() {
    Map<String, String> out = new LinkedHashMap<>();
    server.snapshot().ifPresent(s -> {
      out.put("CDS", s.clusters().version());
      out.put("EDS", s.endpoints().version());
      out.put("LDS", s.listeners().version());
      out.put("RDS", s.routes().version());
      out.put("SDS", s.secrets().version());
    });
    return out;
  }

  private Published refused(String problem) {
    return new Published(false, problem, versions(), List.of());
  }

  /**
   * What is checked and hashed as one: a route table as its header and each of its virtual hosts,
   * so that one changed host of 10,000 is one check, not a check of the whole table.
   */
  private static List<Message> units(Message m) {
    if (m instanceof RouteConfiguration rc && rc.getVirtualHostsCount() > 0) {
      List<Message> out = new ArrayList<>(rc.getVirtualHostsCount() + 1);
      out.add(rc.toBuilder().clearVirtualHosts().build());
      out.addAll(rc.getVirtualHostsList());
      return out;
    }
    return List.of(m);
  }

  private static <T extends Message> List<T> sorted(List<T> in, Function<T, String> name) {
    List<T> out = new ArrayList<>(in);
    out.sort(Comparator.comparing(name));
    return out;
  }

  /** SHA-256 of the deterministic encoding (map entries sorted), so equal content always hashes alike. */
  private static byte[] digest(Message m) {
    MessageDigest md = sha256();
    try {
      OutputStream sink = new OutputStream() {
        @Override
        public void write(int b) {
          md.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          md.update(b, off, len);
        }
      };
      CodedOutputStream out = CodedOutputStream.newInstance(sink, 64 * 1024);
      out.useDeterministicSerialization();
      m.writeTo(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return md.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b, int chars) {
    StringBuilder sb = new StringBuilder(chars);
    for (int i = 0; i < b.length && sb.length() < chars; i++) {
      sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
    }
    return sb.toString();
  }
}
