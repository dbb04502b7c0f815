package dev.ingressc.emit.envoy;

import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The interpreter's model of the Lua stream handle's {@code httpCall} (lua_filter.rst; lua_filter.cc
 * luaHttpCall, makeHttpCall, onSuccess, onFailure), made for real: over a socket to the named
 * static cluster's first endpoint (a STRICT_DNS one's name resolved now), HTTP/1.1 (TLS without
 * verification when the cluster has a TLS transport socket).
 *
 * <ul>
 *   <li>Arguments as Envoy checks them: the cluster must be configured; the headers a table (a value
 *       a string or a table of strings) with {@code :path}, {@code :method} and {@code :authority};
 *       the body nil or a string (then a Content-Length); then either an options table, whose keys
 *       must be {@code asynchronous}, {@code timeout_ms}, {@code trace_sampled},
 *       {@code return_duplicate_headers} or {@code send_xff}, or a timeout in ms and an optional
 *       asynchronous flag. Asynchronous calls are not modelled.
 *   <li>Envoy's async client adds {@code x-envoy-internal: true} and, unless {@code send_xff} is
 *       false, appends its own address to {@code x-forwarded-for} ({@link #ENVOY_ADDRESS} here).
 *   <li>The answer: a table of its header fields and {@code :status} (a repeated field's last value,
 *       or with {@code return_duplicate_headers} a table of its values) and the body or nil. No answer
 *       (refused, reset, timed out): a 503 with the body {@code upstream failure}; a cluster without
 *       an address: the router's 503 {@code no healthy upstream}.
 * </ul>
 */
final class EnvoyLuaHttpCall {
  /** The address Envoy's async client appends to x-forwarded-for (its node's; any will do). */
  static final String ENVOY_ADDRESS = "192.0.2.1";
  private static final Set<String> OPTIONS = Set.of("asynchronous", "timeout_ms", "trace_sampled",
      "return_duplicate_headers", "send_xff");

  /** A request the script sent: the cluster, and the fields as they went out (Host included). */
  record Sent(String cluster, List<String[]> fields) {
    /** The values of field {@code name}. */
    List<String> values(String name) {
      return fields.stream().filter(f -> f[0].equals(name)).map(f -> f[1]).toList();
    }
  }

  private final Bootstrap bootstrap;
  private final List<Sent> sent;

  EnvoyLuaHttpCall(Bootstrap bootstrap, List<Sent> sent) {
    this.bootstrap = bootstrap;
    this.sent = sent;
  }

  /** {@code handle:httpCall(...)}, given the arguments after the handle. */
  Varargs call(Varargs a, List<String> trace) {
    String name = a.checkjstring(1);
    Cluster cluster = bootstrap.getStaticResources().getClustersList().stream().filter(c -> c.getName().equals(name))
        .findFirst().orElseThrow(() -> new LuaError("http call cluster invalid. Must be configured"));
    List<String[]> fields = EnvoyLuaApi.fields(a.checktable(2));
    Map<String, List<String>> byName = EnvoyLuaApi.byName(fields);
    if (!byName.containsKey(":path") || !byName.containsKey(":method") || !byName.containsKey(":authority")) {
      throw new LuaError("http call headers must include ':path', ':method', and ':authority'");
    }
    if (!a.isnil(3) && !a.isstring(3)) {
      throw new LuaError("httpCall: the body must be a string or nil");
    }
    long timeoutMs;
    boolean sendXff = true;
    boolean duplicates = false;
    if (a.istable(4)) {
      timeoutMs = 0;
      LuaTable options = a.checktable(4);
      LuaValue k = LuaValue.NIL;
      while (true) {
        Varargs n = options.next(k);
        k = n.arg1();
        if (k.isnil()) {
          break;
        }
        String key = k.checkjstring();
        if (!OPTIONS.contains(key)) {
          throw new LuaError("\"" + key + "\" is not valid key for httpCall() options");
        }
        LuaValue v = n.arg(2);
        switch (key) {
          case "timeout_ms" -> {
            timeoutMs = v.checklong();
            if (timeoutMs < 0 || v.todouble() != timeoutMs) {
              throw new LuaError("http call timeout must be >= 0");
            }
          }
          case "send_xff" -> sendXff = v.toboolean();
          case "return_duplicate_headers" -> duplicates = v.toboolean();
          case "asynchronous" -> {
            if (v.toboolean()) {
              throw new UnsupportedOperationException("an asynchronous httpCall is not modelled");
            }
          }
          default -> { } // trace_sampled: tracing is not modelled
        }
      }
    } else {
      if (!a.isnil(5) && !a.arg(5).isboolean()) {
        throw new LuaError("http call asynchronous flag must be 'true', 'false', or empty");
      }
      if (a.arg(5).toboolean()) {
        throw new UnsupportedOperationException("an asynchronous httpCall is not modelled");
      }
      timeoutMs = a.checklong(4);
      if (timeoutMs < 0) {
        throw new LuaError("http call timeout must be >= 0");
      }
    }
    List<String[]> out = new ArrayList<>();
    String body = a.isnil(3) ? null : a.checkjstring(3);
    for (String[] f : fields) {
      if (!f[0].startsWith(":") && !(body != null && f[0].equals("content-length"))) {
        out.add(f);
      }
    }
    out.add(0, new String[] {"host", byName.get(":authority").get(0)});
    if (body != null) {
      out.add(new String[] {"content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length)});
    }
    out.add(new String[] {"x-envoy-internal", "true"});
    if (sendXff) {
      int at = indexOf(out, "x-forwarded-for");
      if (at < 0) {
        out.add(new String[] {"x-forwarded-for", ENVOY_ADDRESS});
      } else {
        out.set(at, new String[] {"x-forwarded-for", out.get(at)[1] + "," + ENVOY_ADDRESS});
      }
    }
    sent.add(new Sent(name, List.copyOf(out)));
    Answer answer = exchange(cluster, byName.get(":method").get(0), byName.get(":path").get(0), out, body,
        timeoutMs, trace);
    LuaTable headers = new LuaTable();
    boolean repeated = duplicates;
    EnvoyLuaApi.byName(answer.fields()).forEach((k, values) -> {
      if (repeated && values.size() > 1) {
        LuaTable list = new LuaTable();
        for (int i = 0; i < values.size(); i++) {
          list.set(i + 1, LuaValue.valueOf(values.get(i)));
        }
        headers.set(k, list);
      } else {
        headers.set(k, LuaValue.valueOf(values.get(values.size() - 1)));
      }
    });
    return LuaValue.varargsOf(headers, answer.body().isEmpty() ? LuaValue.NIL : LuaValue.valueOf(answer.body()));
  }

  private static int indexOf(List<String[]> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i)[0].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** An answer: its fields with {@code :status} first, and its body. */
  private record Answer(List<String[]> fields, String body) {
    static Answer of(int status, String body) {
      return new Answer(List.<String[]>of(new String[] {":status", Integer.toString(status)}), body);
    }
  }

  private Answer exchange(Cluster cluster, String method, String path, List<String[]> fields, String body,
      long timeoutMs, List<String> trace) {
    List<String> endpoints = EnvoyClusters.endpoints(cluster);
    if (endpoints.isEmpty() || cluster.getType() != Cluster.DiscoveryType.STATIC
        && cluster.getType() != Cluster.DiscoveryType.STRICT_DNS) {
      throw new UnsupportedOperationException("an auth cluster of this kind is not modelled: " + cluster);
    }
    String endpoint = endpoints.get(0);
    String host = endpoint.substring(0, endpoint.lastIndexOf(':'));
    int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      trace.add("httpCall to " + cluster.getName() + ": " + host + " does not resolve: 503");
      return Answer.of(503, "no healthy upstream");
    }
    int timeout = timeoutMs == 0 ? 30_000 : (int) Math.min(timeoutMs, 30_000);
    int connectTimeout = (int) Math.max(1, cluster.getConnectTimeout().getSeconds() * 1000
        + cluster.getConnectTimeout().getNanos() / 1_000_000);
    try (Socket plain = new Socket()) {
      plain.connect(address, connectTimeout);
      plain.setSoTimeout(timeout);
      Socket s = cluster.hasTransportSocket() ? dev.ingressc.testkit.http.HttpProbe.trustAll().getSocketFactory()
          .createSocket(plain, host, port, true) : plain;
      StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
      // One request per connection here (the model does not pool): the connection closes after it.
      fields.forEach(f -> head.append(f[0]).append(": ").append(f[1]).append("\r\n"));
      head.append("connection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      if (body != null) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
      out.flush();
      Answer a = read(s.getInputStream(), method.equals("HEAD"));
      trace.add("httpCall " + method + " " + cluster.getName() + path + ": " + a.fields().get(0)[1]);
      return a;
    } catch (IOException e) {
      trace.add("httpCall to " + cluster.getName() + " failed (" + e + "): 503");
      return Answer.of(503, "upstream failure");
    }
  }

  private static Answer read(InputStream in, boolean head) throws IOException {
    String status = line(in);
    if (status == null || !status.startsWith("HTTP/1.")) {
      throw new IOException("no HTTP answer: " + status);
    }
    List<String[]> fields = new ArrayList<>();
    fields.add(new String[] {":status", status.split(" ")[1]});
    for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      fields.add(new String[] {l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim()});
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (!head) {
      in.transferTo(body);
    }
    return new Answer(fields, body.toString(StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c >= 0; c = in.read()) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }
}
