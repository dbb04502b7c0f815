package dev.ingressc.emit.envoy;

import com.google.protobuf.Struct;
import dev.ingressc.emit.envoy.EnvoyInterpreter.Answer;
import dev.ingressc.emit.envoy.EnvoyInterpreter.Outcome;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.LuaPerRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The interpreter's model of Envoy's Lua filter (lua_filter.rst; lua_filter.cc): it runs the
 * configured script for real, in LuaJ (Lua 5.2; Envoy runs LuaJIT, Lua 5.1, so a script must keep
 * to what both share), with {@link EnvoyLuaApi}'s objects and {@link EnvoyLuaHttpCall}.
 *
 * <ul>
 *   <li>Which script: the route's LuaPerRoute (the most specific level's) {@code disabled} turns the
 *       filter off, {@code name} picks one of the filter's {@code source_codes} (inline, or a file);
 *       without one, the filter's {@code default_source_code}. No script, or none with the function:
 *       nothing happens. A per-route {@code source_code} is not modelled.
 *   <li>{@code envoy_on_request(handle)}: {@code headers()} (the request's fields as the connection
 *       manager left them, {@code :authority}, {@code :path}, {@code :method}, {@code :scheme} first),
 *       {@code metadata()} (the route's metadata under the filter's name, else
 *       {@code envoy.filters.http.lua}), {@code streamInfo()}, {@code httpCall()}, {@code respond()}
 *       and the log calls; {@code respond(headers, body)} ({@code :status} 200-599) is a local reply
 *       with those fields (sendLocalReply, so the route's response headers and the local reply
 *       mappers apply too); the script must do nothing after it (Envoy never resumes it). Otherwise
 *       the request goes on with the fields as the script left them; {@code clear_route_cache} must
 *       be false (a re-routing is not modelled).
 *   <li>{@code envoy_on_response(handle)} on a forwarded answer (status 200: the test backends'):
 *       {@code headers()} (the route's response headers), {@code metadata()}, {@code streamInfo()}
 *       and the log calls.
 *   <li>Strict: an error a script raises, one it meets in an API call (even caught), or a logErr or
 *       logCritical fails the request's interpretation (in Envoy an uncaught error lets the request
 *       go on unfiltered).
 * </ul>
 */
final class EnvoyLuaModel {
  static final String CANONICAL_NAME = "envoy.filters.http.lua";
  private final EnvoyLuaHttpCall http;
  private final java.util.function.Function<String, String> readFile;
  private final List<EnvoyLuaHttpCall.Sent> sent = java.util.Collections.synchronizedList(new ArrayList<>());

  /** @param readFile reads a file the configuration names by absolute path (a script's) */
  EnvoyLuaModel(Bootstrap bootstrap, java.util.function.Function<String, String> readFile) {
    this.http = new EnvoyLuaHttpCall(bootstrap, sent);
    this.readFile = readFile;
  }

  /** Every request a script sent with httpCall so far, in order. */
  List<EnvoyLuaHttpCall.Sent> sent() {
    return List.copyOf(sent);
  }

  /** The filter's answer to the request, or empty when it goes on (maybe changed, in {@code info}). */
  Optional<Answer> decode(String filterName, Lua config, Optional<LuaPerRoute> perRoute, Route route,
      EnvoyInterpreter.Request req, EnvoyStreamInfo info, Optional<String> certificate, List<String> trace) {
    if (perRoute.isPresent() && perRoute.get().getDisabled()) {
      trace.add("Lua filter " + filterName + " disabled for this route");
      return Optional.empty();
    }
    if (!config.hasClearRouteCache() || config.getClearRouteCache().getValue()) {
      throw new UnsupportedOperationException("a Lua filter that clears the route cache is not modelled");
    }
    Optional<String> code = script(config, perRoute).map(this::read);
    Globals g = code.map(EnvoyLuaModel::globals).orElse(null);
    if (g == null || !g.get("envoy_on_request").isfunction()) {
      return Optional.empty();
    }
    Struct metadata = metadata(route, filterName);
    EnvoyLuaApi.Misuse misuse = new EnvoyLuaApi.Misuse();
    List<String[]> fields = new ArrayList<>();
    Map<String, String> at = info.requestHeaders();
    fields.add(new String[] {":authority", at.get("host")});
    fields.add(new String[] {":path", req.path()});
    fields.add(new String[] {":method", req.method()});
    fields.add(new String[] {":scheme", req.tls() ? "https" : "http"});
    at.forEach((k, v) -> {
      if (!k.equals("host")) {
        fields.add(new String[] {k, v});
      }
    });
    EnvoyLuaApi.Headers headers = new EnvoyLuaApi.Headers(fields, misuse);
    String client = info.downstreamRemoteAddress().orElseThrow().literal();
    boolean v6 = client.contains(":");
    // Ports of the connection: the peer's is not modelled (any), the local one is the listener's.
    String remote = (v6 ? "[" + client + "]" : client) + ":" + (v6 ? 0 : 50000);
    String local = (v6 ? "[::1]" : "127.0.0.1") + ":" + req.port();
    EnvoyLuaApi.Obj streamInfo = EnvoyLuaApi.streamInfo(remote, local, info, misuse);
    Map<String, String> reply = new LinkedHashMap<>();
    boolean[] responded = {false};
    EnvoyLuaApi.Obj handle = common(new EnvoyLuaApi.Obj("request_handle", misuse), headers.obj.value, metadata,
        streamInfo, misuse, responded, trace)
        .method("httpCall", a -> http.call(a, trace))
        .method("respond", a -> {
          List<String[]> answer = EnvoyLuaApi.fields(a.checktable(1));
          if (!a.isnil(2) && !a.isstring(2)) {
            throw new LuaError("respond: the body must be a string or nil");
          }
          String status = EnvoyLuaApi.byName(answer).getOrDefault(":status", List.of("")).get(0);
          if (!status.matches("[0-9]+") || Integer.parseInt(status) < 200 || Integer.parseInt(status) >= 600) {
            throw new LuaError(":status must be between 200-599");
          }
          if (!a.isnil(2)) {
            throw new UnsupportedOperationException("a body of respond() is not modelled");
          }
          for (String[] f : answer) {
            if (reply.containsKey(f[0])) {
              throw new UnsupportedOperationException("a repeated field of respond() is not modelled: " + f[0]);
            }
            reply.put(f[0], f[1]);
          }
          responded[0] = true;
          return LuaValue.NONE;
        });
    run(g.get("envoy_on_request"), handle.value, "envoy_on_request", trace);
    misuse.check(trace);
    if (!responded[0]) {
      Map<String, String> left = new java.util.TreeMap<>();
      for (String[] f : headers.entries) {
        if (f[0].startsWith(":")) {
          continue;
        }
        if (left.put(f[0], f[1]) != null) {
          throw new UnsupportedOperationException("a repeated request field is not modelled: " + f[0]);
        }
      }
      left.put("host", at.get("host"));
      info.requestHeaders(left);
      trace.add("Lua filter " + filterName + ": the request goes on");
      if (g.get("envoy_on_response").isfunction()) {
        info.onAnswer(a -> encode(g, a, metadata, streamInfo, misuse, trace));
      }
      return Optional.empty();
    }
    int status = Integer.parseInt(reply.remove(":status"));
    Optional<String> location = Optional.ofNullable(reply.remove("location"));
    Map<String, String> answerHeaders = new LinkedHashMap<>(EnvoyHttpFilters.localReplyHeaders(route, req));
    answerHeaders.putAll(reply);
    trace.add("Lua filter " + filterName + " answers " + status + location.map(l -> " to " + l).orElse("")
        + (reply.isEmpty() ? "" : " with " + reply.keySet()));
    return Optional.of(new Answer(Outcome.REFUSED_BY_FILTER, status, Optional.empty(), List.of(), location,
        certificate, Optional.of(route), trace, Optional.empty(), Map.of(), Optional.empty(), Map.of(), Map.of(),
        answerHeaders, List.of()));
  }

  /** envoy_on_response over a forwarded answer; any other answer is not the script's to see here. */
  private static Answer encode(Globals g, Answer a, Struct metadata, EnvoyLuaApi.Obj streamInfo,
      EnvoyLuaApi.Misuse misuse, List<String> trace) {
    if (a.outcome() != Outcome.FORWARDED) {
      return a;
    }
    List<String[]> fields = new ArrayList<>();
    fields.add(new String[] {":status", "200"});
    a.responseHeaders().forEach((k, v) -> fields.add(new String[] {k.toLowerCase(java.util.Locale.ROOT), v}));
    EnvoyLuaApi.Headers headers = new EnvoyLuaApi.Headers(fields, misuse);
    EnvoyLuaApi.Obj handle = common(new EnvoyLuaApi.Obj("response_handle", misuse), headers.obj.value, metadata,
        streamInfo, misuse, new boolean[] {false}, trace);
    run(g.get("envoy_on_response"), handle.value, "envoy_on_response", trace);
    misuse.check(trace);
    // Names as the route wrote them (the interpreter keeps their case; Envoy's map is case-blind).
    Map<String, String> written = new java.util.HashMap<>();
    a.responseHeaders().keySet().forEach(k -> written.put(k.toLowerCase(java.util.Locale.ROOT), k));
    Map<String, String> out = new LinkedHashMap<>();
    for (String[] f : headers.entries) {
      if (f[0].equals(":status") ? !f[1].equals("200") : out.put(written.getOrDefault(f[0], f[0]), f[1]) != null) {
        throw new UnsupportedOperationException("a changed status or a repeated answer field is not modelled: " + f[0]);
      }
    }
    return new Answer(a.outcome(), a.status(), a.cluster(), a.endpoints(), a.location(), a.certificatePem(), a.route(),
        a.trace(), a.upgrade(), a.weights(), a.rewrittenTarget(), a.headersAdded(), a.forwarded(), out,
        a.responseHeadersRemoved());
  }

  /** The calls both handles have; after respond() none is allowed. */
  private static EnvoyLuaApi.Obj common(EnvoyLuaApi.Obj handle, org.luaj.vm2.LuaValue headers, Struct metadata,
      EnvoyLuaApi.Obj streamInfo, EnvoyLuaApi.Misuse misuse, boolean[] responded, List<String> trace) {
    EnvoyLuaApi.Obj meta = EnvoyLuaApi.metadata(metadata, misuse);
    handle.method("headers", a -> after(responded, headers))
        .method("metadata", a -> after(responded, meta.value))
        .method("streamInfo", a -> after(responded, streamInfo.value));
    for (String level : List.of("Trace", "Debug", "Info", "Warn", "Err", "Critical")) {
      handle.method("log" + level, a -> {
        String message = a.checkjstring(1);
        trace.add("Lua log" + level + ": " + message);
        if (level.equals("Err") || level.equals("Critical")) {
          misuse.report("the script logged: " + message);
        }
        return LuaValue.NONE;
      });
    }
    return handle;
  }

  private static Varargs after(boolean[] responded, LuaValue value) {
    if (responded[0]) {
      throw new IllegalStateException("the script went on after respond(), which Envoy never resumes");
    }
    return value;
  }

  private static void run(LuaValue function, LuaValue handle, String name, List<String> trace) {
    try {
      function.call(handle);
    } catch (LuaError e) {
      throw new IllegalStateException("the Lua script's " + name + " failed: " + e.getMessage() + "; " + trace, e);
    }
  }

  /** The script for this route: LuaPerRoute's name in source_codes (a missing name throws), else the default. */
  private static Optional<io.envoyproxy.envoy.config.core.v3.DataSource> script(Lua config,
      Optional<LuaPerRoute> perRoute) {
    if (perRoute.isPresent() && perRoute.get().hasSourceCode()) {
      throw new UnsupportedOperationException("a per-route Lua source_code is not modelled");
    }
    if (perRoute.isPresent() && !perRoute.get().getName().isEmpty()) {
      var source = config.getSourceCodesMap().get(perRoute.get().getName());
      if (source == null) {
        throw new UnsupportedOperationException("LuaPerRoute names no source code of the filter: " + perRoute.get());
      }
      return Optional.of(source);
    }
    if (config.hasDefaultSourceCode()) {
      return Optional.of(config.getDefaultSourceCode());
    }
    return config.getInlineCode().isEmpty() ? Optional.empty() : Optional.of(
        io.envoyproxy.envoy.config.core.v3.DataSource.newBuilder().setInlineString(config.getInlineCode()).build());
  }

  /** A data source's text: inline, or a file by absolute path. */
  private String read(io.envoyproxy.envoy.config.core.v3.DataSource source) {
    return switch (source.getSpecifierCase()) {
      case INLINE_STRING -> source.getInlineString();
      case FILENAME -> readFile.apply(source.getFilename());
      default -> throw new UnsupportedOperationException("a Lua source code of this kind is not modelled: " + source);
    };
  }

  /** The route's metadata for the filter: under its name, else the canonical name (getMetadata). */
  private static Struct metadata(Route route, String filterName) {
    var m = route.getMetadata().getFilterMetadataMap();
    return m.getOrDefault(filterName, m.getOrDefault(CANONICAL_NAME, Struct.getDefaultInstance()));
  }

  /**
   * A fresh Lua state with the script loaded. {@code pairs} honours {@code __pairs}, as Lua 5.2 and
   * Envoy's objects do (LuaJ's does not).
   */
  private static Globals globals(String code) {
    Globals g = JsePlatform.standardGlobals();
    LuaValue rawPairs = g.get("pairs");
    g.set("pairs", new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        LuaValue mt = args.arg1().getmetatable();
        LuaValue custom = mt == null ? NIL : mt.rawget("__pairs");
        return custom.isnil() ? rawPairs.invoke(args) : custom.invoke(args.arg1());
      }
    });
    g.load(code, "external_auth.lua").call();
    return g;
  }
}
