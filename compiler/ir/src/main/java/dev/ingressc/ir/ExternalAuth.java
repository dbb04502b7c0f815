package dev.ingressc.ir;

import java.util.List;
import java.util.Optional;

/**
 * ingress-nginx's external authentication on one route ({@code auth-url} and its family; SEMANTICS.md,
 * External auth). Before the request goes to the backend, the proxy sends a request without body to
 * {@link #service}: a 2xx answer lets it through (with {@link #responseHeaders} copied from that
 * answer onto the request, each one removed when the answer lacks it, so a client never supplies
 * them); 401 gives the client 401, or a 302 to {@link #signIn} when set; 403 gives 403; any other
 * answer, or none (the service down, a timeout) gives 500. The backend is never asked without a 2xx.
 *
 * @param service where the auth request goes
 * @param method the auth request's method: {@code GET} unless {@code auth-method} says otherwise
 * @param methodSet whether {@code auth-method} was set, which adds {@code X-Original-URI} and
 *     {@code X-Scheme} to the auth request as ingress-nginx does
 * @param signIn where a 401 sends the client instead, if {@code auth-signin} is set
 * @param responseHeaders header names, lower case, copied from a 2xx answer onto the request
 * @param requestRedirect the {@code X-Auth-Request-Redirect} value sent to the service; empty: the
 *     request target as sent
 */
public record ExternalAuth(AuthService service, String method, boolean methodSet, Optional<SignIn> signIn,
    List<String> responseHeaders, Optional<String> requestRedirect) {

  /** The answer a client gets when the service answers 401 without a sign-in page, or 403. */
  public static final int UNAUTHORIZED = 401;
  public static final int FORBIDDEN = 403;
  /** The answer a client gets when the service answers anything else, or nothing. */
  public static final int ERROR = 500;
  /** How long the proxy waits for the auth service's answer, on every target. */
  public static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(5);

  /**
   * The statuses of the client's answer that carry the auth service's Set-Cookie (its first), the
   * list of nginx's {@code add_header} without {@code always}.
   */
  public static final List<Integer> COOKIE_STATUSES = List.of(200, 201, 204, 206, 301, 302, 303, 304, 307, 308);

  public ExternalAuth {
    responseHeaders = List.copyOf(responseHeaders);
  }

  /** What the client gets when the auth service answers {@code status}; 0 means no answer. */
  public int outcome(int status) {
    if (status >= 200 && status <= 299) {
      return 200;
    }
    if (status == UNAUTHORIZED) {
      return signIn.isPresent() ? 302 : UNAUTHORIZED;
    }
    return status == FORBIDDEN ? FORBIDDEN : ERROR;
  }

  /**
   * {@code s} as a query value: every byte but letters, digits and {@code - . _ ~ ! * ' ( )} as
   * {@code %XX}, upper case (JavaScript's encodeURIComponent, and the lua module's ngx.escape_uri).
   */
  public static String escapeQueryValue(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-._~!*'()".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }

  /** nginx's {@code $host} from a Host header: its name without port, lower case. */
  public static String hostOf(String hostHeader) {
    String h = hostHeader.toLowerCase(java.util.Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  /**
   * The auth service's address, from {@code auth-url}: an absolute http or https URL.
   *
   * @param https whether it is spoken to over TLS (its certificate is not verified, as ingress-nginx does not)
   * @param host a DNS name (lower case) or an IP literal (IPv6 in brackets)
   * @param port the port, the scheme's default when the URL has none
   * @param pathAndQuery the path and query the auth request is sent to, as written
   */
  public record AuthService(boolean https, String host, int port, String pathAndQuery) {
    /** The URL, with the port always written. */
    public String url() {
      return (https ? "https://" : "http://") + host + ":" + port + pathAndQuery;
    }

    /** The auth request's Host header: the URL's host, and its port when not the scheme's default. */
    public String hostHeader() {
      return port == (https ? 443 : 80) ? host : host + ":" + port;
    }

    /** Whether {@link #host} is an IP literal, reached without DNS. */
    public boolean ipLiteral() {
      return host.startsWith("[") || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }
  }

  /**
   * The sign-in URL, from {@code auth-signin}, as pieces: literal text and the request's values.
   * When its query has no redirect parameter, {@code ?rd=} (or {@code &rd=}) and the request's URL,
   * escaped, are appended, as ingress-nginx does.
   */
  public record SignIn(List<Piece> pieces) {
    public SignIn {
      pieces = List.copyOf(pieces);
    }

    /** Whether it needs the request target escaped as a query value. */
    public boolean escapes() {
      return pieces.stream().anyMatch(p -> p == Value.ESCAPED_REQUEST_URI);
    }

    /** The Location for a request, given its values. */
    public String location(java.util.function.Function<Value, String> values) {
      StringBuilder sb = new StringBuilder();
      for (Piece p : pieces) {
        sb.append(p instanceof Literal l ? l.text() : values.apply((Value) p));
      }
      return sb.toString();
    }
  }

  /** A piece of the sign-in URL. */
  public sealed interface Piece permits Literal, Value {}

  /** Literal text, made only of URL characters that need no quoting on any target. */
  public record Literal(String text) implements Piece {}

  /** A value of the request, as nginx's variable of that name holds it. */
  public enum Value implements Piece {
    /** {@code http} or {@code https}. */
    SCHEME("$scheme"),
    /** The Host header as sent, port and all. */
    HTTP_HOST("$http_host"),
    /** The Host header's name, lower case, without port. */
    HOST("$host"),
    /** The request target as sent (path and query). */
    REQUEST_URI("$request_uri"),
    /** The request target as sent, escaped as a query value ({@link ExternalAuth#escapeQueryValue}). */
    ESCAPED_REQUEST_URI("$escaped_request_uri");

    private final String variable;

    Value(String variable) {
      this.variable = variable;
    }

    /** nginx's variable name, as written in auth-signin. */
    public String variable() {
      return variable;
    }
  }
}
