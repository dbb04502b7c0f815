package dev.ingressc.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ingressc.Compiler.Compilation;
import dev.ingressc.diag.UserText;
import dev.ingressc.ir.Backend;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "route", mixinStandardHelpOptions = true,
    description = "Say which backend a request reaches, and why, straight from the IR.",
    footer = {"", "Status: 200 a backend is chosen, 404 nothing matches, 503 the backend has no ready endpoint,",
        "308 redirect to https, 400 the request target is refused (README, Semantics, Request targets),",
        "0 the TLS handshake is refused (no certificate for the SNI); 401, 403, 204 and 302 from the route's",
        "basic auth, source ranges, CORS and external auth (decidedBy in the JSON says which).",
        "", "Examples:",
        "  ingressc route -f examples/simple-fanout --host foo.bar.com --path /bar",
        "  ingressc route -f examples/tls --host https-example.foo.com --path / --sni https-example.foo.com",
        "  ingressc route -f examples/ --host FOO.bar.com:8080 --path '/foo?x=1' --output json",
        "  ingressc route -f examples/simple-fanout --host foo.bar.com --path '/%66oo//x'",
        "  ingressc route -f examples/simple-fanout --host foo.bar.com --path http://foo.bar.com/foo"})
final class RouteCommand implements Callable<Integer> {
  @Mixin InputOptions input;

  @picocli.CommandLine.ArgGroup(exclusive = false, multiplicity = "0..1")
  RequestFieldOptions fields = new RequestFieldOptions();
  @Spec CommandSpec spec;

  @Option(names = "--host", required = true, paramLabel = "HOST", description = "The Host header, as a client sends it.")
  String host;

  @Option(names = "--path", required = true, paramLabel = "TARGET",
      description = "The request target as sent on the request line: a path with its query string, escapes as"
          + " sent (an absolute-form http://host/... target is accepted, and answered as the proxies answer it).")
  String path;

  @Option(names = "--sni", paramLabel = "NAME", description = "Route an HTTPS request with this TLS server name.")
  String sni;

  @Option(names = "--https-port", defaultValue = "443", paramLabel = "PORT",
      description = "The HTTPS port redirects point at (default: ${DEFAULT-VALUE}).")
  int httpsPort;

  @Option(names = "--source-ip", paramLabel = "ADDR", description = "The connection's address (an IPv4 or IPv6"
      + " literal): the client's, unless the class parameters trust it as a proxy whose X-Forwarded-For (--header)"
      + " names the client. Source ranges let the client in or answer 403. Without it they are only explained.")
  String sourceIp;

  @Option(names = "--method", defaultValue = "GET", paramLabel = "METHOD", description = "The request method"
      + " (default: ${DEFAULT-VALUE}); with --header Origin=..., OPTIONS asks what a CORS preflight gets.")
  String method;

  @Option(names = "--auth-status", paramLabel = "STATUS", description = "What the route's external auth service"
      + " (auth-url) would answer this request, e.g. 200, 401 or 403: the answer then says what the client gets."
      + " Without it the auth's outcomes are only explained.")
  Integer authStatus;

  @Option(names = "--user", paramLabel = "NAME:PASSWORD", description = "Send these basic auth credentials"
      + " (an Authorization: Basic field): a route with basic auth lets the request through when they are a user of"
      + " its Secret and that user's password, else answers 401.")
  String user;

  @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT", description = "text or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    Compilation c = input.compile();
    RequestFieldOptions f = fields == null ? new RequestFieldOptions() : fields;
    RouteRequest request = new RouteRequest(host, path, Optional.ofNullable(sni), httpsPort)
        .withHeaders(f.fields(spec.commandLine()));
    try {
      request = request.withMethod(method);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--method: " + UserText.escape(e.getMessage()));
    }
    if (user != null) {
      if (user.indexOf(':') < 0) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--user: NAME:PASSWORD, with a colon");
      }
      request = request.withHeaders(java.util.Map.of("authorization", "Basic " + java.util.Base64.getEncoder()
          .encodeToString(user.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }
    if (authStatus != null) {
      try {
        request = request.withAuthStatus(authStatus);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--auth-status: " + UserText.escape(e.getMessage()));
      }
    }
    if (sourceIp != null) {
      try {
        request = request.withSource(sourceIp);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--source-ip: " + UserText.escape(e.getMessage()));
      }
    }
    RouteAnswer a = new RouteOracle(c.ir()).route(request);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (output == OutputFormat.json) {
      out.println(SafeJson.write(json(a, c.endpoints())));
      if (!c.diagnostics().list().isEmpty()) {
        DiagnosticsPrinter.print(c.diagnostics(), OutputFormat.json, err);
      }
    } else {
      DiagnosticsPrinter.text(c.diagnostics(), err);
      // Host, path and SNI come from the user, and the explanation quotes names and paths: one line each.
      out.println(UserText.escape("Request: " + (path.startsWith("/") ? (request.method().equals("GET") ? ""
          : request.method() + " ") + (sni == null ? "http" : "https") + "://" + host + path
          : request.method() + " " + path + " with Host " + host) + (sni == null ? "" : " (SNI " + sni + ")")));
      a.explanation().forEach(line -> out.println("  " + UserText.escape(line)));
      out.println(UserText.escape("Result: " + summary(a, c.endpoints())));
      a.responseHeaders().forEach((k, v) -> out.println(UserText.escape("  " + k + ": " + v)));
    }
    out.flush();
    return ExitCodes.of(c, input.strict);
  }

  static String summary(RouteAnswer a, EndpointTable table) {
    if (a.location().isPresent()) {
      return a.status() + " redirect to " + a.location().get();
    }
    if (a.status() == 503 && a.decidedBy() == RouteAnswer.Step.BASIC_AUTH) {
      return "503 Service Unavailable (basic auth: the route's credentials cannot be used; see the diagnostics)";
    }
    return switch (a.status()) {
      case RouteAnswer.HANDSHAKE_REFUSED -> "TLS handshake refused";
      case 404 -> "404 Not Found";
      case RouteAnswer.BAD_REQUEST -> "400 Bad Request (the request target is refused)";
      case RouteAnswer.FORBIDDEN -> switch (a.decidedBy()) {
        case EXTERNAL_AUTH -> "403 Forbidden (the external auth service refuses the request)";
        case CLIENT_ADDRESS -> "403 Forbidden (a trusted proxy's X-Forwarded-For is too long to read)";
        default -> "403 Forbidden (the route's source ranges keep the client address out)";
      };
      case 401 -> a.decidedBy() == RouteAnswer.Step.BASIC_AUTH
          ? "401 Unauthorized (basic auth: no user and password of the route's Secret), with these headers:"
          : "401 Unauthorized (the external auth service asks for credentials)";
      case 500 -> "500 Internal Server Error (the external auth service gave no 2xx, 401 or 403)";
      case RouteAnswer.NO_CONTENT -> "204 No Content (a CORS preflight the proxy answers), with these headers:";
      case RouteAnswer.PASSED_THROUGH -> "TLS passed through to " + a.backend().map(b -> b.ref().display()).orElse("")
          + a.upstream().filter(u -> u.unavailable()).map(u -> " (no endpoint: the connection is closed)").orElse("");
      default -> a.status() + " " + a.backend().map(b -> b.ref().display()).orElse("")
          + a.upstream().filter(u -> !table.of(u.name()).isEmpty())
              .map(u -> " (" + u.kind().name().toLowerCase(java.util.Locale.ROOT) + ": "
                  + table.of(u.name()).stream().map(Endpoint::hostPort).collect(Collectors.joining(", ")) + ")")
              .orElse("")
          + a.upstream().filter(u -> !u.unavailable()).map(u -> " over " + u.protocol()).orElse("")
          + a.canary().map(k -> canary(a, k)).orElse("")
          + (a.status() == 200 ? a.backendTarget().map(t -> ", which receives " + t).orElse("") : "");
    };
  }

  /** Which side of a canary route, and why; a split weight says so, as this one request could go either way. */
  private static String canary(RouteAnswer a, dev.ingressc.route.CanaryChoice k) {
    String side = k.side() == dev.ingressc.ir.Canary.Side.CANARY ? "the canary" : "the main backend";
    return switch (k.reason()) {
      case HEADER -> ", " + side + " by header";
      case COOKIE -> ", " + side + " by cookie";
      case WEIGHT -> k.random() ? "; by weight, the canary " + a.route().get().canary().get().backend().ref().display()
          + " takes " + k.weight() + " of " + k.weightTotal() + " requests, the main backend "
          + a.route().get().backend().ref().display() + " the rest"
          : ", " + side + " by weight (" + k.weight() + " of " + k.weightTotal() + ")";
    };
  }

  /** {@code SOURCE_RANGES} as {@code sourceRanges}. */
  private static String camel(String constant) {
    StringBuilder sb = new StringBuilder();
    for (String part : constant.toLowerCase(java.util.Locale.ROOT).split("_")) {
      sb.append(sb.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
    }
    return sb.toString();
  }

  /** The machine-readable answer: status, backend, ingress, host, path, pathType and the reasons. */
  static ObjectNode json(RouteAnswer a, EndpointTable table) {
    ObjectNode o = DiagnosticsPrinter.JSON.createObjectNode();
    o.put("status", a.status());
    // The answer in words, as the text output's "Result:" line: why a request gets 403, 204 or 503.
    o.put("result", UserText.escape(summary(a, table)));
    // Which step answered: routing, sourceRanges, corsPreflight, basicAuth or externalAuth.
    o.put("decidedBy", camel(a.decidedBy().name()));
    if (a.backend().isPresent()) {
      o.set("backend", backendJson(a.backend().get()));
    } else {
      o.putNull("backend");
    }
    String ingress = a.route().map(r -> r.origin().ingress())
        .or(() -> a.backend().filter(b -> !b.origin().name().isEmpty()).map(b -> b.origin().ingress()))
        .orElse(null);
    o.put("ingress", ingress);
    o.put("host", a.virtualHost().orElse(null));
    o.put("path", a.route().map(r -> r.path()).orElse(null));
    o.put("pathType", a.route().map(r -> r.declaredPathType()).orElse(null));
    var endpoints = o.putArray("endpoints");
    a.upstream().ifPresent(u -> table.of(u.name()).forEach(e -> endpoints.add(e.hostPort())));
    o.put("protocol", a.upstream().map(u -> u.protocol().name()).orElse(null));
    o.put("location", a.location().orElse(null));
    o.put("canonicalPath", a.canonicalPath().orElse(null));
    a.backendTarget().ifPresent(t -> o.put("backendTarget", t));
    a.route().filter(r -> a.backend().isPresent()).ifPresent(r -> {
      ObjectNode limits = o.putObject("limits");
      limits.put("connectTimeoutMs", r.settings().connectTimeout().toMillis());
      limits.put("idleTimeoutMs", r.settings().readTimeout().toMillis());
      limits.put("maxBodyBytes", r.settings().maxBodyBytes());
      r.rateLimit().ifPresent(l -> {
        ObjectNode rate = limits.putObject("rateLimit");
        rate.put("requests", l.requests());
        rate.put("per", l.perMinute() ? "minute" : "second");
        rate.put("burst", l.burst());
        rate.put("status", dev.ingressc.ir.RateLimit.STATUS);
        var exempt = rate.putArray("exempt");
        l.exempt().forEach(c -> exempt.add(c.toString()));
      });
      r.connectionLimit().ifPresent(l -> {
        ObjectNode conn = limits.putObject("connectionLimit");
        conn.put("connections", l.connections());
        conn.put("status", dev.ingressc.ir.ConnectionLimit.STATUS);
        var exempt = conn.putArray("exempt");
        l.exempt().forEach(c -> exempt.add(c.toString()));
      });
    });
    a.route().flatMap(r -> r.basicAuth()).ifPresent(auth -> {
      ObjectNode basic = o.putObject("basicAuth");
      basic.put("secret", auth.credentials().secret());
      basic.put("realm", UserText.escape(auth.realm()));
      basic.put("usable", auth.credentials().usable());
    });
    a.route().flatMap(r -> r.externalAuth()).ifPresent(auth -> {
      ObjectNode ext = o.putObject("externalAuth");
      ext.put("url", auth.service().url());
      ext.put("method", auth.method());
      ext.put("signIn", auth.signIn().isPresent());
      var copied = ext.putArray("responseHeaders");
      auth.responseHeaders().forEach(copied::add);
    });
    a.upstream().filter(u -> a.status() == 200).flatMap(dev.ingressc.ir.Upstream::affinity).ifPresentOrElse(s -> {
      ObjectNode affinity = o.putObject("affinity");
      String path = s.cookiePath(a.route().orElse(null));
      boolean tls = a.certificate().isPresent();
      affinity.put("cookie", s.cookieName());
      affinity.put("path", path);
      if (s.maxAge().isPresent()) {
        affinity.put("maxAge", s.maxAge().get());
      } else {
        affinity.putNull("maxAge");
      }
      affinity.put("sameSite", s.sameSite().map(dev.ingressc.ir.Affinity.SameSite::spelling).orElse(null));
      affinity.put("secure", s.secureOver(tls));
      affinity.put("mode", s.mode().configName());
      // The Set-Cookie an answer to a request without a valid cookie carries; the value is each target's own.
      affinity.put("setCookie", s.cookieName() + "=<endpoint>" + s.attributes(path, tls));
    }, () -> o.putNull("affinity"));
    o.put("certificate", a.certificate().orElse(null));
    ObjectNode headers = o.putObject("responseHeaders");
    a.responseHeaders().forEach(headers::put);
    if (a.canary().isPresent()) {
      var k = a.canary().get();
      ObjectNode canary = o.putObject("canary");
      canary.put("side", k.side().name().toLowerCase(java.util.Locale.ROOT));
      canary.put("reason", k.reason().name().toLowerCase(java.util.Locale.ROOT));
      canary.put("weight", k.weight());
      canary.put("weightTotal", k.weightTotal());
      canary.put("random", k.random());
    } else {
      o.putNull("canary");
    }
    var why = o.putArray("explanation");
    a.explanation().forEach(line -> why.add(UserText.escape(line))); // prose, as in the text output
    return o;
  }

  private static ObjectNode backendJson(Backend b) {
    ObjectNode o = DiagnosticsPrinter.JSON.createObjectNode();
    if (b.ref() instanceof BackendRef.ServicePort s) {
      o.put("namespace", s.namespace());
      o.put("service", s.service());
      if (s.portName().isEmpty()) {
        o.put("port", s.portNumber());
      } else {
        o.put("port", s.portName());
      }
    } else if (b.ref() instanceof BackendRef.Resource r) {
      ObjectNode res = o.putObject("resource");
      res.put("namespace", r.namespace());
      res.put("apiGroup", r.apiGroup());
      res.put("kind", r.kind());
      res.put("name", r.name());
    }
    return o;
  }
}
