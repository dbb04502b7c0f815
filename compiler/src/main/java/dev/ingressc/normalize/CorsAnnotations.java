package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.annotations.AnnotationTable;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Cors;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads ingress-nginx's {@code enable-cors} and {@code cors-*} annotations of one Ingress
 * (SEMANTICS.md, CORS), with ingress-nginx's defaults. A value it would not take falls back to the
 * default with a warning, as ingress-nginx does, except that a header value may hold only spaces
 * between its words (ingress-nginx's {@code \s} would let a line break into the response). An
 * origin list of which no entry is an origin gives no CORS at all, rather than ingress-nginx's
 * fallback to any origin: a typo must not open an API to every site.
 */
final class CorsAnnotations {
  static final String ENABLE = AnnotationTable.NGINX + "enable-cors";
  static final String ORIGIN = AnnotationTable.NGINX + "cors-allow-origin";
  static final String METHODS = AnnotationTable.NGINX + "cors-allow-methods";
  static final String HEADERS = AnnotationTable.NGINX + "cors-allow-headers";
  static final String EXPOSE = AnnotationTable.NGINX + "cors-expose-headers";
  static final String CREDENTIALS = AnnotationTable.NGINX + "cors-allow-credentials";
  static final String MAX_AGE = AnnotationTable.NGINX + "cors-max-age";

  static final String DEFAULT_METHODS = "GET, PUT, POST, DELETE, PATCH, OPTIONS";
  static final String DEFAULT_HEADERS =
      "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization";
  static final long DEFAULT_MAX_AGE = 1728000;

  private static final Pattern METHOD_LIST = Pattern.compile("([A-Za-z]+,? ?)+");
  private static final Pattern HEADER_LIST = Pattern.compile("([A-Za-z0-9_-]+,? ?)+");
  private static final Pattern EXPOSE_LIST = Pattern.compile("(([A-Za-z0-9_-]+|\\*),? ?)+");
  /** More origins than any real list holds; a bound keeps every target's regex small. */
  static final int MAX_ORIGINS = 100;

  private CorsAnnotations() {}

  /**
   * The Ingress's CORS policy, when enable-cors is true and usable; findings go to {@code report}.
   * A redirecting Ingress answers every request itself and a passed-through one is never read as
   * HTTP, so neither gets the policy (warned).
   */
  static Optional<Cors> of(Located<Ingress> ing, boolean redirects, boolean passthrough, Consumer<Diagnostic> report) {
    Map<String, String> a = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    if (a == null || !bool(ing, ENABLE, a.get(ENABLE), false, "no CORS", report)) {
      return Optional.empty();
    }
    if (redirects || passthrough) {
      report.accept(ing.warning(field(ENABLE), "no CORS headers: the Ingress's routes "
          + (redirects ? "answer a redirect (permanent-redirect or temporal-redirect) to every request"
              : "pass the TLS stream through (ssl-passthrough), never read as HTTP")));
      return Optional.empty();
    }
    Optional<List<String>> origins = origins(ing, a.get(ORIGIN), report);
    if (origins.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Cors(origins.get(),
        list(ing, METHODS, a.get(METHODS), METHOD_LIST, DEFAULT_METHODS, report),
        list(ing, HEADERS, a.get(HEADERS), HEADER_LIST, DEFAULT_HEADERS, report),
        list(ing, EXPOSE, a.get(EXPOSE), EXPOSE_LIST, "", report),
        bool(ing, CREDENTIALS, a.get(CREDENTIALS), true, "the default, true, applies", report),
        maxAge(ing, a.get(MAX_AGE), report)));
  }

  /**
   * A boolean as Go's ParseBool reads it; unset or not a boolean, {@code fallback}, the latter
   * warned with {@code otherwise}, what then happens.
   */
  private static boolean bool(Located<Ingress> ing, String key, String raw, boolean fallback, String otherwise,
      Consumer<Diagnostic> report) {
    if (raw == null) {
      return fallback;
    }
    Optional<Boolean> b = GoBool.parse(raw);
    if (b.isEmpty()) {
      report.accept(invalid(ing, key, Names.quote(raw) + " is not a boolean (true or false, as Go's ParseBool reads"
          + " it): " + otherwise + ", as in ingress-nginx"));
    }
    return b.orElse(fallback);
  }

  /** The allowed origins, lower-case, sorted; an empty list for any origin; empty when none is usable. */
  private static Optional<List<String>> origins(Located<Ingress> ing, String raw, Consumer<Diagnostic> report) {
    if (raw == null || raw.trim().equals("*")) {
      return Optional.of(List.of());
    }
    TreeSet<String> out = new TreeSet<>();
    for (String entry : raw.split(",", -1)) {
      String o = entry.trim().toLowerCase(Locale.ROOT);
      if (o.isEmpty()) {
        continue;
      }
      if (!Cors.ORIGIN.matcher(o).matches() || o.indexOf('*') != o.lastIndexOf('*')) {
        report.accept(invalid(ing, ORIGIN, Names.quote(entry.trim()) + " is not an origin (scheme://host[:port], http"
            + " or https, an optional *. before the host" + (o.equals("*") ? "; * allows any origin only alone" : "")
            + "): ignored, as in ingress-nginx"));
        continue;
      }
      out.add(o);
    }
    if (out.isEmpty()) {
      report.accept(invalid(ing, ORIGIN, "no entry is an origin: no CORS for the Ingress (ingress-nginx would allow any"
          + " origin, which a typo must not do)"));
      return Optional.empty();
    }
    if (out.size() > MAX_ORIGINS) {
      report.accept(invalid(ing, ORIGIN, out.size() + " origins: more than " + MAX_ORIGINS + ", the most ingressc"
          + " writes into a proxy's configuration; no CORS for the Ingress"));
      return Optional.empty();
    }
    return Optional.of(List.copyOf(out));
  }

  private static String list(Located<Ingress> ing, String key, String raw, Pattern form, String fallback,
      Consumer<Diagnostic> report) {
    if (raw == null) {
      return fallback;
    }
    String v = raw.trim();
    if (!form.matcher(v).matches()) {
      report.accept(invalid(ing, key, Names.quote(raw) + " is not a list of " + (form == METHOD_LIST ? "methods"
          : "header names") + " separated by commas and spaces: " + (fallback.isEmpty() ? "not sent"
          : "the default " + Names.quote(fallback) + " is sent") + ", as in ingress-nginx"));
      return fallback;
    }
    return v;
  }

  private static long maxAge(Located<Ingress> ing, String raw, Consumer<Diagnostic> report) {
    if (raw == null) {
      return DEFAULT_MAX_AGE;
    }
    if (!raw.trim().matches("[0-9]{1,10}")) {
      report.accept(invalid(ing, MAX_AGE, Names.quote(raw) + " is not a whole number of seconds: the default, "
          + DEFAULT_MAX_AGE + ", applies, as in ingress-nginx"));
      return DEFAULT_MAX_AGE;
    }
    return Long.parseLong(raw.trim());
  }

  private static Diagnostic invalid(Located<Ingress> ing, String key, String message) {
    return ing.diagnostic(Severity.WARNING, field(key), message, AnnotationAccounting.INVALID_VALUE);
  }

  static String field(String key) {
    return "metadata.annotations[" + key + "]";
  }
}
