package dev.ingressc.emit.envoy.xds;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.server.serializer.ProtoResourcesSerializer;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packs xDS resources as {@code Any}, as java-control-plane's default does, except that a route table
 * is put together from its virtual hosts' encodings, each kept by instance from the table's last
 * response. The sidecar keeps unchanged virtual hosts as the same instances, so a change to one host
 * of 10,000 encodes that host, not the whole table. The bytes are the same as {@code Any.pack}'s:
 * protobuf writes fields in number order, and {@code virtual_hosts} is field 2, after {@code name}
 * alone. Called from the publishing thread and from gRPC threads.
 */
final class RouteTableSerializer implements ProtoResourcesSerializer {
  private static final String TYPE_URL_PREFIX = "type.googleapis.com/";
  private static final int VIRTUAL_HOSTS = RouteConfiguration.VIRTUAL_HOSTS_FIELD_NUMBER;

  /** Per route table name: each virtual host's encoding, with its field tag and length. */
  private final Map<String, Map<VirtualHost, ByteString>> tables = new HashMap<>();

  @Override
  public Any serialize(Message message, Resources.ApiVersion apiVersion) {
    if (!(message instanceof RouteConfiguration table) || table.getVirtualHostsCount() == 0) {
      return Any.pack(message);
    }
    return Any.newBuilder().setTypeUrl(TYPE_URL_PREFIX + RouteConfiguration.getDescriptor().getFullName())
        .setValue(encode(table)).build();
  }

  private ByteString encode(RouteConfiguration table) {
    Map<VirtualHost, ByteString> last;
    synchronized (tables) {
      last = tables.getOrDefault(table.getName(), Map.of());
    }
    Map<VirtualHost, ByteString> now = new IdentityHashMap<>(table.getVirtualHostsCount() * 2);
    List<ByteString> parts = new ArrayList<>(table.getVirtualHostsCount() + 2);
    parts.add(RouteConfiguration.newBuilder().setName(table.getName()).build().toByteString());
    for (VirtualHost v : table.getVirtualHostsList()) {
      ByteString field = now.get(v);
      if (field == null) {
        field = last.get(v);
        if (field == null) {
          field = withTag(v);
        }
        now.put(v, field);
      }
      parts.add(field);
    }
    parts.add(table.toBuilder().clearName().clearVirtualHosts().build().toByteString());
    synchronized (tables) {
      tables.put(table.getName(), now);
    }
    return ByteString.copyFrom(parts);
  }

  /** One {@code virtual_hosts} field: tag, length, message. */
  private static ByteString withTag(VirtualHost v) {
    ByteString body = v.toByteString();
    int head = CodedOutputStream.computeTagSize(VIRTUAL_HOSTS) + CodedOutputStream.computeUInt32SizeNoTag(body.size());
    byte[] prefix = new byte[head];
    CodedOutputStream out = CodedOutputStream.newInstance(prefix);
    try {
      out.writeTag(VIRTUAL_HOSTS, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(body.size());
      out.checkNoSpaceLeft();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return ByteString.copyFrom(prefix).concat(body);
  }
}
