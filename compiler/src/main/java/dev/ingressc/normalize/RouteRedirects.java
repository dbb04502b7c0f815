package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.annotations.AnnotationTable;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Redirect;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ingress-nginx's {@code temporal-redirect} and {@code permanent-redirect} (with their code
 * annotations) of one Ingress: every path of its rules answers a redirect to the URL instead of
 * proxying (SEMANTICS.md, Redirects). As ingress-nginx does: temporal wins when both are set; the
 * default codes are 302 and 301; a code outside 300-307 (temporal) or 300-308 (permanent) gives the
 * default; a URL whose scheme is not http(s) is ignored and the backend serves. Beyond it: a code
 * that Envoy's and HAProxy's redirect actions cannot answer (300, 304, 305, 306), and a URL holding
 * a character outside {@link #URL}, reject the Ingress, since no target may answer differently.
 */
final class RouteRedirects {
  static final String TEMPORAL = AnnotationTable.NGINX + "temporal-redirect";
  static final String TEMPORAL_CODE = AnnotationTable.NGINX + "temporal-redirect-code";
  static final String PERMANENT = AnnotationTable.NGINX + "permanent-redirect";
  static final String PERMANENT_CODE = AnnotationTable.NGINX + "permanent-redirect-code";
  /** The codes every target's redirect action answers (Envoy's RedirectResponseCode, HAProxy's redirect). */
  static final Set<Integer> ANSWERABLE = Set.of(301, 302, 303, 307, 308);
  /**
   * The URLs ingressc accepts: http(s), a DNS name or IPv4 host, an optional port, then a path and
   * query of URL characters that every target prints literally: no {@code $} (an nginx variable),
   * no {@code %} (an HAProxy log-format tag), no {@code #}, quotes, backslash, whitespace or braces.
   */
  static final Pattern URL = Pattern.compile(
      "(?i)(https?)://([a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)(?::([0-9]{1,5}))?([/?][A-Za-z0-9._~!&()*+,;=:@/?-]*)?");

  private RouteRedirects() {}

  /** The Ingress's redirect, if any; findings go to {@code report} (an error rejects the Ingress). */
  static Optional<Redirect> of(Located<Ingress> ing, Consumer<Diagnostic> report) {
    Map<String, String> a = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    if (a == null) {
      return Optional.empty();
    }
    String temporal = a.get(TEMPORAL);
    String permanent = a.get(PERMANENT);
    if (temporal != null && !temporal.isEmpty()) {
      if (permanent != null && !permanent.isEmpty()) {
        report.accept(ing.diagnostic(Severity.WARNING, field(PERMANENT), "ignored: " + field(TEMPORAL)
            + " is also set and wins, as in ingress-nginx", AnnotationAccounting.INVALID_VALUE));
      }
      return redirect(ing, TEMPORAL, temporal, code(ing, TEMPORAL_CODE, a.get(TEMPORAL_CODE), 302, 307, report), report);
    }
    if (permanent != null && !permanent.isEmpty()) {
      return redirect(ing, PERMANENT, permanent, code(ing, PERMANENT_CODE, a.get(PERMANENT_CODE), 301, 308, report),
          report);
    }
    for (String key : new String[] {TEMPORAL_CODE, PERMANENT_CODE}) {
      if (a.containsKey(key)) {
        String url = key.equals(TEMPORAL_CODE) ? TEMPORAL : PERMANENT;
        report.accept(ing.diagnostic(Severity.NOTE, field(key), "has no effect without " + field(url)));
      }
    }
    return Optional.empty();
  }

  private static Optional<Redirect> redirect(Located<Ingress> ing, String key, String url, int code,
      Consumer<Diagnostic> report) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      report.accept(ing.diagnostic(Severity.WARNING, field(key), Names.quote(url)
          + " is not an http or https URL: no redirect, the backend serves (as ingress-nginx ignores it)",
          AnnotationAccounting.INVALID_VALUE));
      return Optional.empty();
    }
    Matcher m = URL.matcher(url);
    int port = m.matches() && m.group(3) != null ? Integer.parseInt(m.group(3)) : 0;
    if (!m.matches() || port > 65535 || (m.group(3) != null && port == 0)) {
      report.accept(ing.diagnostic(Severity.ERROR, field(key), Names.quote(url) + " cannot be answered alike by every"
          + " target: a redirect URL is http(s)://, a DNS name or IPv4 address, an optional port 1-65535, then a path and"
          + " query of letters, digits and - . _ ~ ! & ( ) * + , ; = : @ / ? only (no $, %, #, quotes, spaces or"
          + " control characters)", AnnotationAccounting.INVALID_VALUE));
      return Optional.empty();
    }
    if (!ANSWERABLE.contains(code)) {
      report.accept(ing.diagnostic(Severity.ERROR, field(key + "-code"), code + " cannot be answered as a redirect by"
          + " Envoy and HAProxy (only 301, 302, 303, 307 and 308 can), so no target answers it",
          AnnotationAccounting.INVALID_VALUE));
      return Optional.empty();
    }
    String rest = m.group(4) == null ? "" : m.group(4);
    String pathAndQuery = rest.startsWith("/") ? rest : "/" + rest;
    return Optional.of(new Redirect(code, m.group(1).toLowerCase(Locale.ROOT), m.group(2), port, pathAndQuery, key));
  }

  /** The code annotation's value; the default (with a warning) when unset, not a number or out of range. */
  private static int code(Located<Ingress> ing, String key, String raw, int fallback, int max,
      Consumer<Diagnostic> report) {
    if (raw == null) {
      return fallback;
    }
    int code;
    try {
      code = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      code = -1;
    }
    if (code < 300 || code > max) {
      report.accept(ing.diagnostic(Severity.WARNING, field(key), Names.quote(raw) + " is not a code from 300 to " + max
          + ": " + fallback + " is used, as ingress-nginx does", AnnotationAccounting.INVALID_VALUE));
      return fallback;
    }
    return code;
  }

  static String field(String key) {
    return "metadata.annotations[" + key + "]";
  }
}
