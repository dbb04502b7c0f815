package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.annotations.AnnotationTable;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Affinity;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads ingress-nginx's {@code affinity}, {@code affinity-mode} and {@code session-cookie-name},
 * {@code -path}, {@code -expires}, {@code -max-age}, {@code -samesite} and {@code -secure} of one
 * Ingress (SEMANTICS.md, Session affinity). {@code affinity: cookie} is the only type; each setting
 * is checked strictly (a cookie name of letters, digits, {@code - _ .}; a path of path characters; whole
 * seconds; None, Lax or Strict; Go's booleans), and a value that fails is ignored with a warning, its
 * default applying, as ingress-nginx falls back to its default: no value ever reaches a proxy's
 * configuration unchecked. The upstream's affinity is decided from the Ingresses naming it
 * ({@link UpstreamAffinity}).
 */
final class AffinityAnnotations {
  static final String AFFINITY = AnnotationTable.NGINX + "affinity";
  static final String MODE = AnnotationTable.NGINX + "affinity-mode";
  static final String NAME = AnnotationTable.NGINX + "session-cookie-name";
  static final String PATH = AnnotationTable.NGINX + "session-cookie-path";
  static final String EXPIRES = AnnotationTable.NGINX + "session-cookie-expires";
  static final String MAX_AGE = AnnotationTable.NGINX + "session-cookie-max-age";
  static final String SAMESITE = AnnotationTable.NGINX + "session-cookie-samesite";
  static final String SECURE = AnnotationTable.NGINX + "session-cookie-secure";
  private static final List<String> SETTINGS = List.of(MODE, NAME, PATH, EXPIRES, MAX_AGE, SAMESITE, SECURE);

  private AffinityAnnotations() {}

  /**
   * The Ingress's session affinity, when {@code affinity: cookie}; a redirecting or passed-through
   * Ingress gets none (warned), and so does one whose value is not {@code cookie}.
   */
  static Optional<Affinity> of(Located<Ingress> ing, boolean redirects, boolean passthrough, boolean useRegex,
      Consumer<Diagnostic> report) {
    Map<String, String> a = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    if (a == null) {
      return Optional.empty();
    }
    String type = a.get(AFFINITY);
    if (type == null || !type.trim().equals("cookie")) {
      if (type != null) {
        report.accept(invalid(ing, AFFINITY, type, "the only affinity is cookie: no session affinity"));
      }
      SETTINGS.stream().filter(a::containsKey).forEach(k -> report.accept(ing.warning(field(k),
          "ignored: the Ingress has no session affinity (" + AFFINITY + " is not \"cookie\")")));
      return Optional.empty();
    }
    if (redirects || passthrough) {
      report.accept(ing.warning(field(AFFINITY), "no session affinity: the Ingress's routes " + (redirects
          ? "answer a redirect (permanent-redirect or temporal-redirect) to every request"
          : "pass the TLS stream through (ssl-passthrough), never read as HTTP")));
      return Optional.empty();
    }
    String name = Affinity.DEFAULT_COOKIE_NAME;
    if (a.containsKey(NAME)) {
      String v = a.get(NAME).trim();
      if (Affinity.COOKIE_NAME.matcher(v).matches()) {
        name = v;
      } else {
        report.accept(invalid(ing, NAME, a.get(NAME), "a cookie name here is 1 to 128 letters, digits, '-', '_' and"
            + " '.': the cookie is " + Affinity.DEFAULT_COOKIE_NAME));
      }
    }
    Optional<String> path = Optional.ofNullable(a.get(PATH)).map(String::trim);
    if (path.isPresent() && !Affinity.COOKIE_PATH.matcher(path.get()).matches()) {
      report.accept(invalid(ing, PATH, a.get(PATH), "a cookie path here is '/' then at most 253 letters, digits and"
          + " - . _ ~ ! & ( ) * + = : @ /: the cookie's Path is each route's path"));
      path = Optional.empty();
    }
    if (path.isEmpty() && useRegex) {
      report.accept(ing.warning(field(PATH), "the Ingress's paths are regular expressions and "
          + PATH + " is not set, so the cookie's Path is / (ingress-nginx asks for it with use-regex)"));
    }
    Optional<Long> maxAge = seconds(ing, MAX_AGE, a, report);
    Optional<Long> expires = seconds(ing, EXPIRES, a, report);
    if (maxAge.isEmpty() && expires.isPresent()) {
      maxAge = expires; // no target can send Expires alike; the same lifetime as Max-Age
    }
    Optional<Affinity.SameSite> sameSite = Optional.empty();
    if (a.containsKey(SAMESITE)) {
      String v = a.get(SAMESITE).trim().toUpperCase(Locale.ROOT);
      sameSite = java.util.Arrays.stream(Affinity.SameSite.values()).filter(s -> s.name().equals(v)).findFirst();
      if (sameSite.isEmpty()) {
        report.accept(invalid(ing, SAMESITE, a.get(SAMESITE), "SameSite is None, Lax or Strict: none is sent"));
      }
    }
    boolean secure = false;
    if (a.containsKey(SECURE)) {
      Optional<Boolean> b = GoBool.parse(a.get(SECURE));
      if (b.isEmpty()) {
        report.accept(invalid(ing, SECURE, a.get(SECURE), "not a boolean (true, false, 1, 0, ...): false, the cookie"
            + " is Secure over TLS only"));
      }
      secure = b.orElse(false);
    }
    Affinity.Mode mode = Affinity.Mode.BALANCED;
    if (a.containsKey(MODE)) {
      String v = a.get(MODE).trim();
      if (v.equals("persistent")) {
        mode = Affinity.Mode.PERSISTENT;
      } else if (!v.equals("balanced")) {
        report.accept(invalid(ing, MODE, a.get(MODE), "the mode is balanced or persistent: balanced"));
      }
    }
    return Optional.of(new Affinity(name, path, maxAge, sameSite, secure, mode));
  }

  /** Whole seconds from 1 to {@link Affinity#MAX_AGE_LIMIT}; anything else is ignored with a warning. */
  private static Optional<Long> seconds(Located<Ingress> ing, String key, Map<String, String> a,
      Consumer<Diagnostic> report) {
    String raw = a.get(key);
    if (raw == null) {
      return Optional.empty();
    }
    String v = raw.trim();
    if (v.matches("[0-9]{1,10}") && Long.parseLong(v) >= 1 && Long.parseLong(v) <= Affinity.MAX_AGE_LIMIT) {
      return Optional.of(Long.parseLong(v));
    }
    report.accept(invalid(ing, key, raw, "not a whole number of seconds from 1 to " + Affinity.MAX_AGE_LIMIT
        + ": ignored"));
    return Optional.empty();
  }

  private static Diagnostic invalid(Located<Ingress> ing, String key, String raw, String what) {
    return ing.diagnostic(Severity.WARNING, field(key), Names.quote(raw) + " is invalid: " + what,
        AnnotationAccounting.INVALID_VALUE);
  }

  static String field(String key) {
    return "metadata.annotations[" + key + "]";
  }
}
