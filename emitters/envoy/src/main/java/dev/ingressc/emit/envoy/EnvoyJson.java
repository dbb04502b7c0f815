package dev.ingressc.emit.envoy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.Buffer;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.BufferPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * Envoy's own serialization: protobuf JSON through a TypeRegistry that knows every {@code @type}
 * the translator packs into an {@code Any}. YAML is that JSON re-written by Jackson, key order
 * kept and every string quoted, so nothing changes type on the way.
 */
public final class EnvoyJson {
  /** Every message the translator packs into an {@code Any}. */
  public static final List<Descriptor> PACKED_TYPES = List.of(
      HttpConnectionManager.getDescriptor(),
      Router.getDescriptor(),
      Buffer.getDescriptor(),
      BufferPerRoute.getDescriptor(),
      io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.getDescriptor(),
      io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBACPerRoute.getDescriptor(),
      io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit.getDescriptor(),
      io.envoyproxy.envoy.extensions.filters.http.basic_auth.v3.BasicAuth.getDescriptor(),
      io.envoyproxy.envoy.extensions.filters.http.basic_auth.v3.BasicAuthPerRoute.getDescriptor(),
      io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua.getDescriptor(),
      io.envoyproxy.envoy.extensions.filters.http.lua.v3.LuaPerRoute.getDescriptor(),
      TlsInspector.getDescriptor(),
      DownstreamTlsContext.getDescriptor(),
      UpstreamTlsContext.getDescriptor(),
      HttpProtocolOptions.getDescriptor(),
      RouteConfiguration.getDescriptor(),
      io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy.getDescriptor(),
      io.envoyproxy.envoy.extensions.http.original_ip_detection.xff.v3.XffConfig.getDescriptor());

  public static final TypeRegistry TYPES = TypeRegistry.newBuilder().add(PACKED_TYPES).build();

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().usingTypeRegistry(TYPES).preservingProtoFieldNames().sortingMapKeys();
  private static final JsonFormat.Printer COMPACT = PRINTER.omittingInsignificantWhitespace();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The YAML writer {@link YamlText} writes the text of (kept for reading YAML and for the test). */
  static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .build());

  /** The output formats: {@code yaml} (the default) and {@code json}. */
  public enum Format {
    YAML, JSON;

    public String extension() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Format parse(String s) {
      for (Format f : values()) {
        if (f.extension().equals(s.trim().toLowerCase(Locale.ROOT))) {
          return f;
        }
      }
      throw new IllegalArgumentException("unknown Envoy output format \"" + s + "\": use yaml or json");
    }
  }

  private EnvoyJson() {}

  public static String print(Message m, Format format) {
    String json;
    try {
      // YAML is written from compact JSON: whitespace the YAML writer would only skip is never made.
      json = format == Format.JSON ? PRINTER.print(m) + "\n" : COMPACT.print(m);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("an Any holds a type missing from EnvoyJson.PACKED_TYPES", e);
    }
    if (format == Format.JSON) {
      return json;
    }
    try {
      return YamlText.fromJson(json);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Turns YAML (or JSON, which is YAML) into JSON text for {@link JsonFormat#parser()}. */
  public static String toJson(String yamlOrJson) {
    try {
      return JSON.writeValueAsString(YAML.readTree(yamlOrJson));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
