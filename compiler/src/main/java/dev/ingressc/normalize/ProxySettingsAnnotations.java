package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.annotations.AnnotationTable;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.RouteSettings;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import dev.ingressc.validate.ProxyLimits;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads ingress-nginx's per-Ingress proxy settings (SEMANTICS.md, "Proxy settings per Ingress"):
 * {@code proxy-body-size}, {@code proxy-connect-timeout}, {@code proxy-read-timeout} and
 * {@code proxy-send-timeout}. Each overrides its class parameter for the Ingress's routes. Values
 * are read as ingress-nginx reads them: a timeout is a whole number of seconds, a size is nginx's
 * (bytes, or a number with k, m or g); a value ingress-nginx would not take, or one beyond what
 * every proxy accepts, is ignored with a warning and the class's value applies (ingress-nginx falls
 * back to its default). A size above the class's never opens anything: it is a limit.
 */
final class ProxySettingsAnnotations {
  static final String BODY = AnnotationTable.NGINX + "proxy-body-size";
  static final String CONNECT = AnnotationTable.NGINX + "proxy-connect-timeout";
  static final String READ = AnnotationTable.NGINX + "proxy-read-timeout";
  static final String SEND = AnnotationTable.NGINX + "proxy-send-timeout";
  private static final Pattern SECONDS = Pattern.compile("[0-9]{1,10}");

  private ProxySettingsAnnotations() {}

  /**
   * What an Ingress sets, each empty when it sets nothing usable. Every target has one timer for a
   * backend's inactivity in both directions, so the read and send timeouts make one: the longer of
   * the two that are set, where an unset read timeout is the class's.
   */
  record Overrides(Optional<Duration> connect, Optional<Duration> read, Optional<Duration> send, OptionalLong body) {
    static final Overrides NONE = new Overrides(Optional.empty(), Optional.empty(), Optional.empty(),
        OptionalLong.empty());

    /** The class's settings with these applied. */
    RouteSettings apply(RouteSettings classSettings) {
      if (this.equals(NONE)) {
        return classSettings;
      }
      Duration idle = read.orElse(classSettings.readTimeout());
      if (send.isPresent() && send.get().compareTo(idle) > 0) {
        idle = send.get();
      }
      return new RouteSettings(connect.orElse(classSettings.connectTimeout()), idle,
          body.orElse(classSettings.maxBodyBytes()));
    }
  }

  /** The Ingress's overrides; findings (all warnings) go to {@code report}. */
  static Overrides of(Located<Ingress> ing, Consumer<Diagnostic> report) {
    Map<String, String> a = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    if (a == null || (!a.containsKey(BODY) && !a.containsKey(CONNECT) && !a.containsKey(READ) && !a.containsKey(SEND))) {
      return Overrides.NONE;
    }
    Optional<Duration> connect = seconds(ing, CONNECT, a.get(CONNECT), report);
    Optional<Duration> read = seconds(ing, READ, a.get(READ), report);
    Optional<Duration> send = seconds(ing, SEND, a.get(SEND), report);
    if (send.isPresent() && !send.equals(read)) {
      report.accept(ing.warning(RouteRedirects.field(SEND), "every target has one timer for a"
          + " backend's inactivity in both directions (nginx's read and send timeouts are set alike, HAProxy's"
          + " timeout server, Envoy's idle_timeout): the longer of proxy-send-timeout and proxy-read-timeout (or the"
          + " class's) applies to both"));
    }
    return new Overrides(connect, read, send, size(ing, a.get(BODY), report));
  }

  private static Optional<Duration> seconds(Located<Ingress> ing, String key, String raw, Consumer<Diagnostic> report) {
    if (raw == null) {
      return Optional.empty();
    }
    String v = raw.trim();
    String problem = !SECONDS.matcher(v).matches() ? "is not a whole number of seconds, such as \"120\" (ingress-nginx"
        + " reads no unit)"
        : Long.parseLong(v) == 0 ? "is zero"
        : Long.parseLong(v) * 1000 > ProxyLimits.MAX_TIMEOUT_MS ? "is longer than " + ProxyLimits.MAX_TIMEOUT_MS / 1000
            + " seconds (about 24 days), the longest timeout every proxy accepts" : null;
    if (problem != null) {
      report.accept(ing.diagnostic(Severity.WARNING, RouteRedirects.field(key), Names.quote(raw) + " " + problem
          + ": ignored, the class's value applies", AnnotationAccounting.INVALID_VALUE));
      return Optional.empty();
    }
    return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
  }

  private static OptionalLong size(Located<Ingress> ing, String raw, Consumer<Diagnostic> report) {
    if (raw == null) {
      return OptionalLong.empty();
    }
    BodySizes.Parsed p = BodySizes.parse(raw);
    if (p.problem() != null) {
      report.accept(ing.diagnostic(Severity.WARNING, RouteRedirects.field(BODY), Names.quote(raw) + " " + p.problem()
          + ": ignored, the class's limit applies", AnnotationAccounting.INVALID_VALUE));
      return OptionalLong.empty();
    }
    return OptionalLong.of(p.bytes());
  }
}
