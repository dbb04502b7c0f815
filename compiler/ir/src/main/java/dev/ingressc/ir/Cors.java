package dev.ingressc.ir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * ingress-nginx's {@code enable-cors} and its {@code cors-*} settings on one route (SEMANTICS.md,
 * CORS). A request is <em>allowed</em> when the policy admits any origin, or when its Origin header
 * is one of {@code origins} (case-insensitive, the whole value; a {@code *.} label in an origin
 * stands for one DNS label). An allowed OPTIONS request is a preflight: the proxy answers 204 with
 * {@link #headers} and the backend is not reached. Every other answer of the route to an allowed
 * request carries {@link #headers}; the route's answers never carry the backend's own values of
 * those header names.
 *
 * @param origins the allowed origins, lower-case, each {@code scheme://host[:port]} with an
 *     optional {@code *.} before the host; empty: any origin ({@code *})
 * @param methods Access-Control-Allow-Methods, as written (letters, commas, spaces)
 * @param allowHeaders Access-Control-Allow-Headers, as written (token characters, commas, spaces)
 * @param exposeHeaders Access-Control-Expose-Headers, as written; empty: not sent
 * @param credentials whether Access-Control-Allow-Credentials: true is sent
 * @param maxAgeSeconds Access-Control-Max-Age
 */
public record Cors(List<String> origins, String methods, String allowHeaders, String exposeHeaders,
    boolean credentials, long maxAgeSeconds) {
  /** The response header names a CORS route owns, in the order every target writes them. */
  public static final List<String> HEADER_NAMES = List.of("Access-Control-Allow-Origin",
      "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers",
      "Access-Control-Expose-Headers", "Access-Control-Max-Age");
  /** An origin as the annotation may list it, lower-case: http or https, an optional {@code *.}, a host, a port. */
  public static final Pattern ORIGIN = Pattern.compile("https?://(\\*\\.)?[a-z0-9-]+(\\.[a-z0-9-]+)*(:[0-9]{1,5})?");
  /** What one DNS label of a {@code *.} origin matches. */
  public static final String LABEL = "[A-Za-z0-9-]+";

  public Cors {
    origins = List.copyOf(origins);
    for (String o : origins) {
      if (!ORIGIN.matcher(o).matches()) {
        throw new IllegalArgumentException("not an origin: " + o);
      }
    }
    for (String v : List.of(methods, allowHeaders, exposeHeaders)) {
      if (!v.matches("[A-Za-z0-9_*, -]*")) {
        throw new IllegalArgumentException("not a header value ingressc writes: " + v);
      }
    }
  }

  /** Whether any origin is allowed (the annotation's {@code *}, its default). */
  public boolean anyOrigin() {
    return origins.isEmpty();
  }

  /**
   * The regex an Origin header must match, whole and ignoring case, for a request to be allowed
   * when not {@link #anyOrigin}: the origins as alternatives, dots escaped, {@code *} as {@link #LABEL}.
   * Only {@code [a-z0-9.:/-]}, {@code \.}, {@code |} and the label's class occur in it, which nginx's
   * PCRE, HAProxy's PCRE2 and Envoy's RE2 read alike.
   */
  public String originPattern() {
    StringBuilder b = new StringBuilder();
    for (String o : origins) {
      b.append(b.length() == 0 ? "" : "|").append(o.replace(".", "\\.").replace("*", LABEL));
    }
    return b.toString();
  }

  /** The Access-Control-Allow-Origin value for a request with {@code origin} (null: none sent), when it is allowed. */
  public Optional<String> allowedOrigin(String origin) {
    if (anyOrigin()) {
      return Optional.of("*");
    }
    if (origin == null || !Pattern.compile("(?:" + originPattern() + ")", Pattern.CASE_INSENSITIVE).matcher(origin)
        .matches()) {
      return Optional.empty();
    }
    return Optional.of(origin);
  }

  /**
   * Whether a request with {@code method} (as sent: methods are case-sensitive) and {@code origin}
   * is a preflight the proxy answers itself.
   */
  public boolean answersPreflight(String method, String origin) {
    return method.equals("OPTIONS") && allowedOrigin(origin).isPresent();
  }

  /**
   * The headers an allowed request's answers carry, in {@link #HEADER_NAMES} order, with
   * {@code allowOrigin} as Access-Control-Allow-Origin (a target writes the request's Origin there
   * when not {@link #anyOrigin}).
   */
  public Map<String, String> headers(String allowOrigin) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(HEADER_NAMES.get(0), allowOrigin);
    if (credentials) {
      h.put(HEADER_NAMES.get(1), "true");
    }
    h.put(HEADER_NAMES.get(2), methods);
    h.put(HEADER_NAMES.get(3), allowHeaders);
    if (!exposeHeaders.isEmpty()) {
      h.put(HEADER_NAMES.get(4), exposeHeaders);
    }
    h.put(HEADER_NAMES.get(5), Long.toString(maxAgeSeconds));
    return h;
  }
}
