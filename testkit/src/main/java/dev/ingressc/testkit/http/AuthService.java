package dev.ingressc.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A real external auth service for the end-to-end tests (SEMANTICS.md, External auth). It answers
 * as the request's {@link #MODE} field says, and checks the auth request itself first, as
 * SEMANTICS.md defines it: its method, its exact path and query, no body, Host the service's
 * {@code host:port}, and ingress-nginx's fields (X-Original-URL of the forwarded scheme, ending in
 * X-Auth-Request-Redirect, X-Original-Method, X-Sent-From). A request it finds wrong gets 418, which the proxy turns into
 * 500, so a target that asks wrongly fails the comparison with the oracle.
 */
public final class AuthService implements AutoCloseable {
  /** The request field that tells the service how to answer. */
  public static final String MODE = "x-test-auth";
  /** The path and query the service answers at. */
  public static final String PATH = "/auth?check=1";
  /** What a 2xx answer of mode {@code allow} sets: the copied field, and the cookie the client gets. */
  public static final String USER_FIELD = "X-User";
  public static final String USER = "alice";
  public static final String COOKIE = "ingressc-auth=fresh; Path=/";
  public static final String CHALLENGE = "Basic realm=\"test\"";

  private final HttpServer server;
  private final List<String> wrong = new ArrayList<>();

  public AuthService() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    server.createContext("/", this::answer);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  /** The auth-url of this service. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  /**
   * What the service answers a request with these fields (names any case): the status the oracle
   * is told ({@code RouteRequest.withAuthStatus}). Mode {@code down} names no answer at all (a
   * service that is not there), which gives the client the same as an unexpected status.
   */
  public static int statusFor(Map<String, String> fields) {
    String mode = fields.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(MODE)).map(Map.Entry::getValue)
        .findFirst().orElse("");
    return switch (mode) {
      case "allow" -> 200;
      case "allow-anonymous" -> 204;
      case "forbid" -> 403;
      case "redirect" -> 302;
      case "fail", "down" -> 503;
      default -> 401;
    };
  }

  /** The checks the auth requests failed so far, each in words. */
  public synchronized List<String> wrongRequests() {
    return List.copyOf(wrong);
  }

  private void answer(HttpExchange x) throws IOException {
    try (x; InputStream body = x.getRequestBody()) {
      String problem = problem(x, body.readAllBytes().length);
      var h = x.getResponseHeaders();
      int status;
      if (problem != null) {
        synchronized (this) {
          wrong.add(problem);
        }
        status = 418;
      } else {
        status = statusFor(Map.of(MODE, String.valueOf(x.getRequestHeaders().getFirst(MODE))));
        if (status == 200) {
          h.add(USER_FIELD, USER);
        }
        if (status == 200 || status == 401) {
          h.add("Set-Cookie", COOKIE);
        }
        if (status == 401) {
          h.add("WWW-Authenticate", CHALLENGE);
        }
        if (status == 302) {
          h.add("Location", "http://elsewhere.invalid/");
        }
      }
      x.sendResponseHeaders(status, -1);
    }
  }

  private String problem(HttpExchange x, int bodyBytes) {
    var h = x.getRequestHeaders();
    String redirect = String.valueOf(h.getFirst("X-Auth-Request-Redirect"));
    String original = String.valueOf(h.getFirst("X-Original-URL"));
    String target = x.getRequestURI().getRawPath() + "?" + x.getRequestURI().getRawQuery();
    if (!x.getRequestMethod().equals("GET") || !target.equals(PATH)) {
      return "asked " + x.getRequestMethod() + " " + target;
    }
    if (bodyBytes != 0) {
      return "a body of " + bodyBytes + " bytes";
    }
    if (!String.valueOf(h.getFirst("Host")).equals("127.0.0.1:" + server.getAddress().getPort())) {
      return "Host " + h.getFirst("Host");
    }
    String scheme = String.valueOf(h.getFirst("X-Forwarded-Proto"));
    if (!original.matches("https?://[^/]+/.*") || !original.startsWith(scheme + "://") || !original.endsWith(redirect)
        || !redirect.startsWith("/")) {
      return "X-Original-URL " + original + " with X-Auth-Request-Redirect " + redirect;
    }
    if (h.getFirst("X-Original-Method") == null || !"nginx-ingress-controller".equals(h.getFirst("X-Sent-From"))) {
      return "X-Original-Method " + h.getFirst("X-Original-Method") + ", X-Sent-From " + h.getFirst("X-Sent-From");
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
