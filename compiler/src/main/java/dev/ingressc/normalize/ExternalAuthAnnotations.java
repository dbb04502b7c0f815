package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.annotations.AnnotationTable;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.ExternalAuth;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ingress-nginx's external authentication of one Ingress (SEMANTICS.md, External auth):
 * {@code auth-url}, {@code auth-method}, {@code auth-signin}, {@code auth-signin-redirect-param},
 * {@code auth-response-headers} and {@code auth-request-redirect}. Whatever would weaken the check
 * (a URL, method or header list that cannot be used as written) is an error that rejects the
 * Ingress: it is never served without its auth.
 */
final class ExternalAuthAnnotations {
  static final String URL = AnnotationTable.NGINX + "auth-url";
  static final String METHOD = AnnotationTable.NGINX + "auth-method";
  static final String SIGNIN = AnnotationTable.NGINX + "auth-signin";
  static final String REDIRECT_PARAM = AnnotationTable.NGINX + "auth-signin-redirect-param";
  static final String RESPONSE_HEADERS = AnnotationTable.NGINX + "auth-response-headers";
  static final String REQUEST_REDIRECT = AnnotationTable.NGINX + "auth-request-redirect";

  /** Characters a URL's path and query may hold as written: none needs quoting on any target. */
  static final String URL_CHARS = "A-Za-z0-9\\-._~!&()*+,=:@/?%";
  static final Pattern ABSOLUTE = Pattern.compile(
      "(?i)(https?)://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(?::([0-9]{1,5}))?(.*)");
  static final Pattern PATH_AND_QUERY = Pattern.compile("(/[" + URL_CHARS + "]*)?");
  static final Pattern ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
  /** The methods every target's auth request can use (HAProxy's httpclient has these five). */
  private static final Pattern METHOD_TOKEN = Pattern.compile("GET|HEAD|POST|PUT|DELETE");
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
  /** Fields that frame or route the request: copied from the auth answer they could split or redirect it. */
  private static final java.util.Set<String> FRAMING = java.util.Set.of("host", "content-length", "transfer-encoding",
      "connection", "keep-alive", "te", "trailer", "upgrade", "expect", "proxy-connection");
  private static final Pattern PARAM = Pattern.compile("[A-Za-z0-9_.~-]{1,64}");
  /** At most so many characters in a URL: far beyond real ones, well within every target's line limits. */
  static final int MAX_URL = 2048;

  private ExternalAuthAnnotations() {}

  /**
   * The Ingress's external auth, if {@code auth-url} is set; findings go to {@code report} (an error
   * rejects the Ingress). A redirecting Ingress answers every client before any auth (warned); a
   * passed-through one is rejected, since no target can ask an auth service about a TLS stream it
   * does not end.
   */
  static Optional<ExternalAuth> of(Located<Ingress> ing, boolean redirects, boolean passthrough,
      Consumer<Diagnostic> report) {
    Map<String, String> a = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    if (a == null) {
      return Optional.empty();
    }
    if (!a.containsKey(URL)) {
      for (String key : List.of(METHOD, SIGNIN, REDIRECT_PARAM, RESPONSE_HEADERS, REQUEST_REDIRECT)) {
        if (a.containsKey(key)) {
          report.accept(ing.warning(field(key), "no effect: it tunes external authentication, and auth-url is not"
              + " set, as in ingress-nginx"));
        }
      }
      return Optional.empty();
    }
    if (passthrough) {
      report.accept(ing.diagnostic(Severity.ERROR, field(URL), "external authentication cannot guard a passed-through"
          + " TLS stream (ssl-passthrough): the Ingress is rejected rather than served without it",
          AnnotationAccounting.FAIL_CLOSED));
      return Optional.empty();
    }
    List<String> errors = new ArrayList<>();
    Optional<ExternalAuth.AuthService> service = service(a.get(URL), errors);
    errors.forEach(e -> report.accept(ing.error(field(URL), e + ": the Ingress is rejected rather than served without"
        + " its authentication")));
    String method = "GET";
    if (a.containsKey(METHOD)) {
      String m = a.get(METHOD).trim();
      if (!METHOD_TOKEN.matcher(m).matches()) {
        report.accept(ing.error(field(METHOD), Names.quote(a.get(METHOD)) + " is not an auth request method every"
            + " target can send (GET, HEAD, POST, PUT, DELETE, in capitals): the Ingress is rejected"));
      }
      method = m;
    }
    List<String> headers = responseHeaders(ing, a.get(RESPONSE_HEADERS), report);
    String param = redirectParam(ing, a.get(REDIRECT_PARAM), report);
    if (a.containsKey(REDIRECT_PARAM) && !a.containsKey(SIGNIN)) {
      report.accept(ing.warning(field(REDIRECT_PARAM), "no effect: auth-signin is not set, as in ingress-nginx"));
    }
    Optional<ExternalAuth.SignIn> signIn = a.containsKey(SIGNIN) ? SignInUrls.of(ing, a.get(SIGNIN), param, report)
        : Optional.empty();
    Optional<String> requestRedirect = requestRedirect(ing, a.get(REQUEST_REDIRECT), report);
    if (service.isEmpty()) {
      return Optional.empty();
    }
    if (redirects) {
      report.accept(ing.warning(field(URL), "no external authentication: the Ingress's routes answer a redirect"
          + " (permanent-redirect or temporal-redirect) to every request, before any auth, as in ingress-nginx"));
      return Optional.empty();
    }
    return Optional.of(new ExternalAuth(service.get(), method, a.containsKey(METHOD), signIn, headers, requestRedirect));
  }

  /** The auth service of an absolute http or https URL without variables; each reason it is not one goes to {@code errors}. */
  static Optional<ExternalAuth.AuthService> service(String raw, List<String> errors) {
    String v = raw.trim();
    Matcher m = ABSOLUTE.matcher(v);
    if (v.length() > MAX_URL || !m.matches()) {
      errors.add(Names.quote(raw) + " is not an absolute http:// or https:// URL with a host name or IP address"
          + (v.length() > MAX_URL ? " of at most " + MAX_URL + " characters" : ""));
      return Optional.empty();
    }
    String rest = m.group(4);
    if (rest.contains("$")) {
      errors.add(Names.quote(raw) + " holds a variable ($...): ingressc sends the auth request to one fixed address;"
          + " write the auth service's own address (e.g. http://oauth2-proxy.auth.svc.cluster.local/oauth2/auth)");
      return Optional.empty();
    }
    if (!PATH_AND_QUERY.matcher(rest).matches() || ESCAPE.matcher(rest).find()) {
      errors.add(Names.quote(raw) + " holds a character a URL's path and query may not hold as written ("
          + firstBad(rest) + "); only letters, digits, - . _ ~ ! & ( ) * + , = : @ / ? and %XX escapes");
      return Optional.empty();
    }
    boolean https = m.group(1).equalsIgnoreCase("https");
    int port = m.group(3) == null ? (https ? 443 : 80) : Integer.parseInt(m.group(3));
    if (port < 1 || port > 65535) {
      errors.add(Names.quote(raw) + " names port " + port + ", outside 1-65535");
      return Optional.empty();
    }
    String host = m.group(2).toLowerCase(Locale.ROOT);
    boolean ok = host.startsWith("[") ? Names.isIpv6Literal(host.substring(1, host.length() - 1))
        : host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9') ? ipv4(host)
        : Names.dns1123Subdomain(host).isEmpty() && Names.upstreamHost(host).isEmpty();
    if (!ok) {
      errors.add(Names.quote(raw) + " has a host that is neither a DNS name nor an IP address");
      return Optional.empty();
    }
    return Optional.of(new ExternalAuth.AuthService(https, host, port, rest.isEmpty() ? "/" : rest));
  }

  private static boolean ipv4(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  private static String firstBad(String s) {
    Matcher e = ESCAPE.matcher(s);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!PATH_AND_QUERY.matcher("/" + c).matches() || c == '%' && e.find(i) && e.start() == i) {
        return Names.quote(String.valueOf(c)) + " at " + (i + 1);
      }
    }
    return s.startsWith("/") ? "?" : "the path does not start with /";
  }

  private static List<String> responseHeaders(Located<Ingress> ing, String raw, Consumer<Diagnostic> report) {
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String h : raw.split(",", -1)) {
      String name = h.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!HEADER_NAME.matcher(name).matches()) {
        report.accept(ing.error(field(RESPONSE_HEADERS), Names.quote(name) + " is not a header name ingressc copies"
            + " (letters, digits and -, at most 64): the Ingress is rejected, as ingress-nginx denies it"));
        continue;
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (FRAMING.contains(lower) || lower.startsWith("proxy-")) {
        report.accept(ing.error(field(RESPONSE_HEADERS), Names.quote(name) + " frames or routes the request itself;"
            + " copied from the auth answer it could split or redirect the request: the Ingress is rejected"));
        continue;
      }
      if (!out.contains(lower)) {
        out.add(lower);
      }
    }
    return out;
  }

  private static String redirectParam(Located<Ingress> ing, String raw, Consumer<Diagnostic> report) {
    if (raw == null) {
      return "rd";
    }
    if (!PARAM.matcher(raw.trim()).matches()) {
      report.accept(ing.diagnostic(Severity.WARNING, field(REDIRECT_PARAM), Names.quote(raw) + " is not a query"
          + " parameter name (letters, digits, _ . ~ -): ignored, the parameter is rd", AnnotationAccounting.INVALID_VALUE));
      return "rd";
    }
    return raw.trim();
  }

  private static Optional<String> requestRedirect(Located<Ingress> ing, String raw, Consumer<Diagnostic> report) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    String v = raw.trim();
    // "-" alone is how the HAProxy target writes "not set" (HaproxyView.AuthView): no value means it.
    if (v.equals("-") || v.length() > MAX_URL || !v.chars().allMatch(c -> PATH_AND_QUERY.matcher("/" + (char) c).matches())
        || ESCAPE.matcher(v).find()) {
      report.accept(ing.diagnostic(Severity.WARNING, field(REQUEST_REDIRECT), Names.quote(raw) + " holds a character"
          + " other than letters, digits, - . _ ~ ! & ( ) * + , = : @ / ? and %XX escapes (variables are not"
          + " expanded): ignored, the auth service gets the request target as sent", AnnotationAccounting.INVALID_VALUE));
      return Optional.empty();
    }
    return Optional.of(v);
  }

  static String field(String key) {
    return "metadata.annotations[" + key + "]";
  }
}
