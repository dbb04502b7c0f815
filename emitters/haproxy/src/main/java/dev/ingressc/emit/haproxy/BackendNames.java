package dev.ingressc.emit.haproxy;

import static dev.ingressc.emit.haproxy.HaproxyViewBuilder.UNAVAILABLE;

import dev.ingressc.ir.Backend;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.RouteSettings;
import dev.ingressc.ir.Upstream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Backend names: one backend per upstream, route settings and what a route asks of the backend
 * besides (upstream-vhost's Host, x-forwarded-prefix, source ranges, CORS, rate limit, basic and
 * external auth, affinity; all in the backend), named
 * from the upstream.
 */
final class BackendNames {
  /**
   * What a route's backend does besides proxying: the request fields it sets, the clients it keeps
   * out, the CORS it answers, the users it asks for.
   */
  record Headers(Optional<String> upstreamHost, Optional<String> forwardedPrefix,
      Optional<dev.ingressc.ir.SourceRanges> sourceRanges, Optional<dev.ingressc.ir.Cors> cors,
      Optional<RateView> rate, Optional<dev.ingressc.ir.BasicAuth> basicAuth,
      Optional<dev.ingressc.ir.ExternalAuth> auth, Optional<HaproxyAffinity.View> affinity) {
    static final Headers NONE = new Headers(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** What {@code r} asks of its backend to {@code u} (its own upstream or its canary's). */
    static Headers of(Route r, Upstream u) {
      return new Headers(r.upstreamHost(), r.rewrite().flatMap(dev.ingressc.ir.Rewrite::forwardedPrefix),
          r.sourceRanges(), r.cors(), HaproxyRateLimits.of(r), r.basicAuth(), r.externalAuth(),
          HaproxyAffinity.of(u, r));
    }

    /** What the default backend to {@code u} does: its session affinity, with the cookie's Path {@code /}. */
    static Headers defaultBackend(Upstream u) {
      return new Headers(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), HaproxyAffinity.of(u, null));
    }

    /** What a 503 backend for the route must do too: keep clients out, answer preflights; empty: nothing. */
    Optional<String> access() {
      if (sourceRanges.isEmpty() && cors.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(sourceRanges.map(Object::toString).orElse("") + cors.map(c -> "\ncors " + c).orElse(""));
    }
  }

  record Key(Upstream upstream, RouteSettings settings, Headers headers) {
    /** What tells apart the backends of one upstream. */
    Variant variant() {
      return new Variant(settings, headers);
    }
  }

  record Variant(RouteSettings settings, Headers headers) {}

  private static final Comparator<Variant> VARIANTS = Comparator.comparing((Variant v) -> v.settings().connectTimeout())
      .thenComparing(v -> v.settings().readTimeout()).thenComparingLong(v -> v.settings().maxBodyBytes())
      .thenComparing(v -> v.headers().upstreamHost().orElse(""))
      .thenComparing(v -> v.headers().forwardedPrefix().orElse(""))
      .thenComparing(v -> v.headers().sourceRanges().map(Object::toString).orElse(""))
      .thenComparing(v -> v.headers().cors().map(Object::toString).orElse(""))
      // The whole view: a connection limit alone has no rate table, and must not pass for no limit.
      .thenComparing(v -> v.headers().rate().map(Object::toString).orElse(""))
      .thenComparing(v -> v.headers().basicAuth().map(Object::toString).orElse(""))
      .thenComparing(v -> v.headers().auth().map(Object::toString).orElse(""))
      .thenComparing(v -> v.headers().affinity().map(Object::toString).orElse(""));

  private final IngressIR ir;
  private final Map<String, Map<Variant, String>> byUpstream = new TreeMap<>();
  private final Map<String, Key> proxied = new TreeMap<>();
  private final Map<String, Headers> guardedUnavailable = new TreeMap<>();

  BackendNames(IngressIR ir) {
    this.ir = ir;
    List<Key> keys = new ArrayList<>();
    ir.virtualHosts().forEach(v -> v.routes().forEach(r -> keys.add(key(r, r.backend()))));
    ir.virtualHosts().forEach(v -> v.routes().forEach(r -> r.canary().ifPresent(c -> keys.add(key(r, c.backend())))));
    ir.defaultBackend().ifPresent(b -> keys.add(key(b, RouteSettings.DEFAULTS, Headers.defaultBackend(upstream(b)))));
    keys.sort(Comparator.comparing((Key k) -> k.upstream().name()).thenComparing(Key::variant, VARIANTS));
    for (Key k : keys) {
      if (k.upstream().unavailable()) {
        k.headers().access().ifPresent(a -> guardedUnavailable.put(unavailable(a), k.headers()));
        continue;
      }
      Map<Variant, String> variants = byUpstream.computeIfAbsent(k.upstream().name(), n -> new TreeMap<>(VARIANTS));
      if (!variants.containsKey(k.variant())) {
        String base = name(k);
        String name = base;
        for (int n = 2; proxied.containsKey(name); n++) {
          name = base + "_" + n; // two keys whose hashes and names agree: never seen, but never a duplicate
        }
        variants.put(k.variant(), name);
        proxied.put(name, k);
      }
    }
  }

  private Key key(Backend b, RouteSettings s, Headers headers) {
    return new Key(upstream(b), s, headers);
  }

  private Key key(Route r, Backend b) {
    return key(b, r.settings(), Headers.of(r, upstream(b)));
  }

  private Upstream upstream(Backend b) {
    return ir.upstream(b.upstream()).orElseThrow();
  }

  /** The default backend's. */
  String of(Backend b, RouteSettings s) {
    return of(b, s, Headers.defaultBackend(upstream(b)));
  }

  /** The backend {@code r} sends to {@code b} (its own or its canary's) through. */
  String of(Route r, Backend b) {
    return of(b, r.settings(), Headers.of(r, upstream(b)));
  }

  private String of(Backend b, RouteSettings s, Headers headers) {
    Upstream u = ir.upstream(b.upstream()).orElseThrow();
    if (u.unavailable()) {
      return headers.access().map(BackendNames::unavailable).orElse(UNAVAILABLE);
    }
    return byUpstream.get(u.name()).get(new Variant(s, headers));
  }

  /** The 503 backend behind {@code access} ({@link Headers#access}): the fixed one's name and a hash of it. */
  private static String unavailable(String access) {
    return UNAVAILABLE + "_" + hash(access);
  }

  /** Guarded 503 backends by name, with what their routes ask (ranges and CORS only count). */
  Map<String, Headers> guardedUnavailable() {
    return guardedUnavailable;
  }

  Map<String, Key> proxied() {
    return proxied;
  }

  /**
   * {@code b}, eight hex digits of a hash of the upstream name and the route settings, then the
   * upstream name with every character HAProxy does not allow in a proxy name turned into {@code _}.
   * The hash keeps apart the backends of one upstream under different class parameters (and names
   * that the mapping makes equal), and gives each the same name whatever else the input holds, which
   * the sidecar's runtime updates rely on; it never starts like the fixed {@code ingressc_} backends.
   */
  static String name(Key k) {
    RouteSettings s = k.settings();
    // A request field joins the hash only when set, so every other backend keeps its name.
    String id = k.upstream().name() + "\n" + s.connectTimeout().toMillis() + "\n" + s.readTimeout().toMillis()
        + "\n" + s.maxBodyBytes() + k.headers().upstreamHost().map(h -> "\nHost " + h).orElse("")
        + k.headers().forwardedPrefix().map(p -> "\nX-Forwarded-Prefix " + p).orElse("")
        + k.headers().sourceRanges().map(r -> "\nsource ranges " + r).orElse("")
        + k.headers().cors().map(c -> "\ncors " + c).orElse("")
        + k.headers().rate().map(r -> "\nrate " + r).orElse("")
        + k.headers().basicAuth().map(a -> "\nbasic auth " + a).orElse("")
        + k.headers().auth().map(a -> "\nauth " + a).orElse("")
        + k.headers().affinity().map(a -> "\naffinity " + a).orElse("");
    return "b" + hash(id) + "_" + sanitize(k.upstream().name());
  }

  /** Eight hex digits of SHA-256. */
  static String hash(String id) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HAProxy allows letters, digits, {@code - _ . :} in a proxy name. */
  static String sanitize(String upstreamName) {
    StringBuilder sb = new StringBuilder(upstreamName.length());
    for (int i = 0; i < upstreamName.length(); i++) {
      char c = upstreamName.charAt(i);
      boolean ok = c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == ':');
      sb.append(ok ? c : '_');
    }
    return sb.toString();
  }
}
