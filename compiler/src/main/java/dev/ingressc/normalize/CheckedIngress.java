package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.Origin;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.load.Located;
import dev.ingressc.validate.IngressValidator;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The step {@code check}: one Ingress, a fabric8 object, becomes this typed record, validated on
 * the way; no step after it reads the fabric8 object. Kept per Ingress instance by
 * {@link NormalizeCache}: the class it asks for, its validation findings, its age, each path rule
 * with its conflict key, field names and backend, its default backend and its TLS entries. Nothing
 * here depends on other objects, so it holds while the Ingress does (and {@code --strict}, which
 * makes unhonoured annotations errors). It is read for every Ingress, ours or not (the validator
 * copes with any input); its findings are reported only for the Ingresses we take.
 *
 * @param id {@code namespace/name}
 * @param source where it came from, for diagnostics
 * @param request the class it asks for
 * @param diagnostics the validator's findings, and the rejection when one is an error
 * @param rejected whether the Ingress is rejected whole
 * @param created its creationTimestamp; unset or unreadable ones count as the newest
 * @param paths its path rules in rule and path order; empty when rejected
 * @param protocol how the proxy speaks to the Services it names ({@link BackendProtocols})
 * @param defaultBackend spec.defaultBackend, or null
 * @param tls spec.tls, in order; empty when rejected
 * @param ruleHosts the non-empty hosts of its rules, in order (a TLS entry without hosts covers these)
 * @param sslPassthrough whether it asks for ssl-passthrough ({@link SslPassthroughAnnotation})
 * @param canary its canary settings when it is a canary ({@link CanaryAnnotations}), else null; a
 *     canary has no TLS entries and no default backend of its own
 * @param useRegex whether it sets use-regex ({@link UseRegex}): its hosts' paths become regexes ({@link RegexHosts});
 *     never on a canary, whose other annotations are ignored (its paths follow the main Ingress's host)
 * @param redirect the redirect every path of its rules answers ({@link RouteRedirects})
 * @param sslRedirect its ssl-redirect and force-ssl-redirect ({@link SslRedirects})
 * @param rewrite its rewrite-target and x-forwarded-prefix ({@link RouteRewrites}), before they are fitted to each path
 * @param upstreamHost the Host its backends receive ({@link UpstreamVhosts}), if set
 * @param appRoot its app-root path ({@link AppRootAnnotation}), or null; never on a canary
 * @param fromToWww whether it sets from-to-www-redirect ({@link WwwRedirectAnnotation})
 * @param proxy its proxy-body-size and proxy timeouts ({@link ProxySettingsAnnotations}), over its
 *     class's; none on a canary
 * @param sourceRanges the client addresses its routes keep out or let in ({@link SourceRangeAnnotations});
 *     none on a canary or on a redirecting Ingress, which answer every client as ingress-nginx does
 * @param cors its enable-cors policy ({@link CorsAnnotations}); none on a canary, whose routes take the main
 *     Ingress's
 * @param rateLimit its limit-rps or limit-rpm ({@link RateLimitAnnotations}); none on a canary, likewise
 * @param externalAuth its auth-url ({@link ExternalAuthAnnotations}); none on a canary, likewise
 * @param affinity its session affinity ({@link AffinityAnnotations}), for the upstreams it names; a canary's
 *     too (ingress-nginx keeps a canary's own affinity for its backend), decided per upstream ({@link UpstreamAffinity})
 * @param basicAuth its auth-type basic ({@link BasicAuthAnnotations}), the Secret it names read per pass
 *     ({@link AuthSecrets}); none on a canary, whose routes take the main Ingress's
 * @param connectionLimit its limit-connections ({@link RateLimitAnnotations}); none on a canary, likewise
 */
record CheckedIngress(String id, InputSource source, ClassSelector.Request request, List<Diagnostic> diagnostics,
    boolean rejected, Instant created, List<PathRule> paths, dev.ingressc.ir.BackendProtocol protocol,
    BackendRef defaultBackend, List<TlsEntry> tls, List<String> ruleHosts, boolean sslPassthrough,
    CanaryAnnotations.Spec canary, boolean useRegex, java.util.Optional<dev.ingressc.ir.Redirect> redirect,
    dev.ingressc.ir.SslRedirect sslRedirect, java.util.Optional<dev.ingressc.ir.Rewrite> rewrite,
    java.util.Optional<String> upstreamHost, String appRoot, boolean fromToWww,
    ProxySettingsAnnotations.Overrides proxy, java.util.Optional<dev.ingressc.ir.SourceRanges> sourceRanges,
    java.util.Optional<dev.ingressc.ir.Cors> cors, java.util.Optional<dev.ingressc.ir.RateLimit> rateLimit,
    java.util.Optional<dev.ingressc.ir.ExternalAuth> externalAuth,
    java.util.Optional<dev.ingressc.ir.Affinity> affinity,
    java.util.Optional<BasicAuthAnnotations.Spec> basicAuth,
    java.util.Optional<dev.ingressc.ir.ConnectionLimit> connectionLimit) {

  /** Paths that compete for the same requests: the same host, match and compared path. */
  record RouteKey(String host, PathMatch match, String matchPath) {}

  /**
   * One path of one rule.
   *
   * @param field e.g. {@code spec.rules[0].http.paths[1]}
   * @param origin the route's origin (that field)
   * @param backendOrigin the backend's origin ({@code field.backend})
   */
  record PathRule(RouteKey key, String path, String pathType, BackendRef backend, String field, Origin origin,
      Origin backendOrigin) {}

  /**
   * One spec.tls entry.
   *
   * @param field e.g. {@code spec.tls[0]}
   * @param secretName empty when unset
   * @param hosts empty when unset
   */
  record TlsEntry(String field, String secretName, List<String> hosts) {}

  /** Whether it has TLS entries. */
  boolean hasTls() {
    return !tls.isEmpty();
  }

  static CheckedIngress of(Located<Ingress> ing, boolean strict) {
    return of(ing, strict, dev.ingressc.TargetProfile.ANY);
  }

  /** The check for {@code target}: an Ingress that needs what the target lacks is rejected for it. */
  static CheckedIngress of(Located<Ingress> ing, boolean strict, dev.ingressc.TargetProfile target) {
    List<Diagnostic> regexFindings = new ArrayList<>();
    boolean useRegex = UseRegex.of(ing, regexFindings::add);
    List<Diagnostic> found = new ArrayList<>(IngressValidator.validate(ing, useRegex));
    found.addAll(AnnotationAccounting.diagnostics(AnnotationAccounting.account(ing, strict)));
    regexFindings.forEach(d -> found.add(strict ? AnnotationAccounting.underStrict(d) : d));
    dev.ingressc.ir.BackendProtocol protocol = BackendProtocols.of(ing,
        d -> found.add(strict ? AnnotationAccounting.underStrict(d) : d));
    java.util.Optional<dev.ingressc.ir.Redirect> redirect = RouteRedirects.of(ing,
        d -> found.add(strict ? AnnotationAccounting.underStrict(d) : d));
    dev.ingressc.ir.SslRedirect sslRedirect = SslRedirects.of(ing,
        d -> found.add(strict ? AnnotationAccounting.underStrict(d) : d));
    java.util.Optional<String> upstreamHost = UpstreamVhosts.of(ing,
        d -> found.add(strict ? AnnotationAccounting.underStrict(d) : d));
    boolean sslPassthrough = SslPassthroughAnnotation.of(ing, found::add);
    String appRoot = AppRootAnnotation.of(ing, d -> found.add(strict ? AnnotationAccounting.underStrict(d) : d));
    boolean fromToWww = WwwRedirectAnnotation.of(ing, d -> found.add(strict ? AnnotationAccounting.underStrict(d) : d));
    CanaryAnnotations.Spec canary = CanaryAnnotations.of(ing, found::add);
    java.util.Optional<dev.ingressc.ir.Rewrite> rewrite = canary != null ? java.util.Optional.empty()
        : RouteRewrites.of(ing, redirect.isPresent(), d -> found.add(strict ? AnnotationAccounting.underStrict(d) : d));
    ProxySettingsAnnotations.Overrides proxy = canary != null ? ProxySettingsAnnotations.Overrides.NONE
        : ProxySettingsAnnotations.of(ing, d -> found.add(strict ? AnnotationAccounting.underStrict(d) : d));
    java.util.Optional<dev.ingressc.ir.SourceRanges> sourceRanges = canary != null ? java.util.Optional.empty()
        : SourceRangeAnnotations.of(ing, redirect.isPresent(), sslPassthrough,
            d -> found.add(strict ? AnnotationAccounting.underStrict(d) : d));
    java.util.Optional<dev.ingressc.ir.Cors> cors = canary != null ? java.util.Optional.empty()
        : CorsAnnotations.of(ing, redirect.isPresent(), sslPassthrough,
            d -> found.add(strict ? AnnotationAccounting.underStrict(d) : d));
    java.util.Optional<dev.ingressc.ir.RateLimit> rateLimit = canary != null ? java.util.Optional.empty()
        : RateLimitAnnotations.of(ing, redirect.isPresent(), sslPassthrough,
            d -> found.add(strict ? AnnotationAccounting.underStrict(d) : d));
    java.util.Optional<dev.ingressc.ir.ExternalAuth> externalAuth = canary != null ? java.util.Optional.empty()
        : ExternalAuthAnnotations.of(ing, redirect.isPresent(), sslPassthrough, found::add);
    java.util.Optional<dev.ingressc.ir.ConnectionLimit> connectionLimit = canary != null ? java.util.Optional.empty()
        : RateLimitAnnotations.connections(ing, redirect.isPresent(), sslPassthrough,
            d -> found.add(strict ? AnnotationAccounting.underStrict(d) : d));
    java.util.Set<dev.ingressc.ir.TargetFeature> needed = new java.util.HashSet<>(
        dev.ingressc.ir.TargetFeature.neededBy(externalAuth));
    connectionLimit.ifPresent(l -> needed.add(dev.ingressc.ir.TargetFeature.CONNECTION_LIMITS));
    for (dev.ingressc.ir.TargetFeature lacked : target.lacking(needed)) {
      found.add(ing.diagnostic(Severity.ERROR, switch (lacked) {
        case EXTERNAL_AUTH -> ExternalAuthAnnotations.field(ExternalAuthAnnotations.URL);
        case ESCAPED_REQUEST_URI -> ExternalAuthAnnotations.field(ExternalAuthAnnotations.SIGNIN);
        default -> RateLimitAnnotations.field(RateLimitAnnotations.CONNECTIONS);
      }, "the target "
          + target.name() + " cannot do " + lacked.words() + ": the Ingress is rejected for this target (other targets"
          + " serve it), never served without it" + (target.advice().isEmpty() ? "" : "; " + target.advice()),
          AnnotationAccounting.TARGET_LACKS));
    }
    java.util.Optional<BasicAuthAnnotations.Spec> basicAuth = canary != null ? java.util.Optional.empty()
        : BasicAuthAnnotations.of(ing, redirect.isPresent(), sslPassthrough, found::add);
    java.util.Optional<dev.ingressc.ir.Affinity> affinity = AffinityAnnotations.of(ing, redirect.isPresent(),
        sslPassthrough, useRegex, d -> found.add(strict ? AnnotationAccounting.underStrict(d) : d));
    if (canary != null) {
      canaryIgnores(ing, found);
    }
    boolean rejected = found.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    if (rejected) {
      found.add(ing.error("", "the Ingress is rejected whole because of the errors reported for its fields; the rest of the input is still compiled"));
    }
    String ns = ing.key().namespace();
    String name = ing.key().name();
    var spec = ing.value().getSpec();
    if (!rejected && sourceRanges.isPresent() && spec.getDefaultBackend() != null) {
      found.add(ing.warning("spec.defaultBackend", "ignored: the Ingress sets source ranges, which guard the routes of"
          + " its rules only; its default backend is not served at all rather than served to every client"));
    }
    BackendRef defaultBackend = rejected || canary != null || sourceRanges.isPresent() || spec.getDefaultBackend() == null
        ? null : backend(ns, spec.getDefaultBackend());
    return new CheckedIngress(ns + "/" + name, InputSource.of(ing), ClassRequests.of(ing.value()),
        List.copyOf(found), rejected, created(ing), rejected ? List.of() : paths(ing), protocol, defaultBackend,
        rejected || canary != null ? List.of() : tls(ing), rejected ? List.of() : ruleHosts(ing), sslPassthrough, canary,
        useRegex && canary == null, redirect, sslRedirect, rewrite, upstreamHost, canary == null ? appRoot : null,
        fromToWww, proxy, sourceRanges, cors, rateLimit, externalAuth, affinity, basicAuth, connectionLimit);
  }

  /** A canary serves only its rules' paths, on the main Ingress's routes: its own TLS and default are ignored. */
  private static void canaryIgnores(Located<Ingress> ing, List<Diagnostic> found) {
    var spec = ing.value().getSpec();
    if (spec.getDefaultBackend() != null) {
      found.add(ing.warning("spec.defaultBackend", "ignored on a canary Ingress: only its rules' paths attach to the"
          + " main Ingress's routes"));
    }
    if (spec.getTls() != null && !spec.getTls().isEmpty()) {
      found.add(ing.warning("spec.tls", "ignored on a canary Ingress: the main Ingress's TLS serves its hosts"));
    }
  }

  /** The Service port or resource a backend names. */
  private static BackendRef backend(String namespace, IngressBackend b) {
    if (b.getResource() != null) {
      var r = b.getResource();
      return new BackendRef.Resource(namespace, Objects.toString(r.getApiGroup(), ""), r.getKind(), r.getName());
    }
    var svc = b.getService();
    int number = svc.getPort().getNumber() == null ? 0 : svc.getPort().getNumber();
    String portName = svc.getPort().getName() == null ? "" : svc.getPort().getName();
    return new BackendRef.ServicePort(namespace, svc.getName(), number, portName);
  }

  private static List<TlsEntry> tls(Located<Ingress> ing) {
    List<IngressTLS> entries = ing.value().getSpec().getTls();
    if (entries == null) {
      return List.of();
    }
    List<TlsEntry> out = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      IngressTLS e = entries.get(i);
      out.add(new TlsEntry("spec.tls[" + i + "]", e.getSecretName() == null ? "" : e.getSecretName(),
          e.getHosts() == null ? List.of() : List.copyOf(e.getHosts())));
    }
    return List.copyOf(out);
  }

  private static List<String> ruleHosts(Located<Ingress> ing) {
    List<IngressRule> rules = ing.value().getSpec().getRules();
    if (rules == null) {
      return List.of();
    }
    return rules.stream().map(IngressRule::getHost).filter(h -> h != null && !h.isEmpty()).toList();
  }

  private static List<PathRule> paths(Located<Ingress> ing) {
    String ns = ing.key().namespace();
    String name = ing.key().name();
    List<PathRule> out = new ArrayList<>();
    List<IngressRule> rules = ing.value().getSpec().getRules() == null ? List.of() : ing.value().getSpec().getRules();
    for (int r = 0; r < rules.size(); r++) {
      IngressRule rule = rules.get(r);
      if (rule.getHttp() == null) {
        continue;
      }
      String host = rule.getHost() == null ? "" : rule.getHost();
      List<HTTPIngressPath> paths = rule.getHttp().getPaths();
      for (int p = 0; p < paths.size(); p++) {
        HTTPIngressPath path = paths.get(p);
        String field = "spec.rules[" + r + "].http.paths[" + p + "]";
        PathMatch match = path.getPathType().equals("Exact") ? PathMatch.EXACT : PathMatch.PREFIX;
        String matchPath = match == PathMatch.PREFIX ? PathMatch.trimTrailingSlash(path.getPath()) : path.getPath();
        out.add(new PathRule(new RouteKey(host, match, matchPath), path.getPath(), path.getPathType(),
            backend(ns, path.getBackend()), field, new Origin(ns, name, field), new Origin(ns, name, field + ".backend")));
      }
    }
    return List.copyOf(out);
  }

  private static Instant created(Located<Ingress> ing) {
    String ts = ing.value().getMetadata().getCreationTimestamp();
    try {
      return ts == null || ts.isEmpty() ? Instant.MAX : OffsetDateTime.parse(ts).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.MAX;
    }
  }
}
