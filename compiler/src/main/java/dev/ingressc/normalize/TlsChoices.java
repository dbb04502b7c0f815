package dev.ingressc.normalize;

import dev.ingressc.FlagValue;
import dev.ingressc.SecretRef;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.HostTls;
import dev.ingressc.ir.TlsCertificate;
import dev.ingressc.validate.Names;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The step {@code tls}: the certificate of each TLS host, from the TLS entries of the taken
 * Ingresses (oldest first, as for rules), and the controller's default certificate. A host whose
 * certificate is unusable or does not cover it is served over HTTP only. Secrets are checked
 * through {@link Secrets}.
 */
final class TlsChoices {
  /** Checks a Secret, reporting through {@code error} and {@code warning} (implemented by {@link TlsResolver}). */
  interface Secrets {
    Optional<CheckedSecret> secret(String namespace, String name, Function<String, Diagnostic> error,
        Function<String, Diagnostic> warning);
  }

  /** A host's certificate, whether it redirects HTTP to HTTPS, and the Ingress that chose it. */
  record Choice(CheckedSecret secret, boolean redirect, Taken from) {
    HostTls hostTls() {
      return new HostTls(secret.id(), redirect);
    }
  }

  private TlsChoices() {}

  /**
   * Each TLS host's choice, by host. {@code withTls}: the taken Ingresses with TLS entries, in
   * conflict order; {@code served}: whether a host has routes.
   */
  static Map<String, Choice> choose(List<Taken> withTls, Predicate<String> served, Secrets secrets, Diagnostics out) {
    Map<String, Choice> chosen = new TreeMap<>();
    for (Taken t : withTls) {
      InputSource src = t.source();
      for (CheckedIngress.TlsEntry entry : t.checked().tls()) {
        String field = entry.field();
        if (entry.secretName().isEmpty()) {
          out.add(src.warning(field + ".secretName", "no secretName: these hosts are served with the"
              + " default certificate if --default-certificate is set, and otherwise over HTTP only"));
          continue;
        }
        Optional<CheckedSecret> secret = secrets.secret(src.namespace(), entry.secretName(),
            msg -> src.error(field + ".secretName", msg + "; its hosts are served over HTTP only"),
            msg -> src.warning(field + ".secretName", msg));
        if (secret.isEmpty()) {
          continue;
        }
        CheckedSecret s = secret.get();
        for (String host : covered(t, entry, s, out)) {
          Choice winner = chosen.get(host);
          if (winner == null) {
            chosen.put(host, new Choice(s, t.selection().parameters().sslRedirect(), t));
            if (!served.test(host) && !coveredByWildcard(host, served)) {
              out.add(src.warning(field, "tls host " + Names.quote(host) + " is not served by any rule"));
            }
          } else if (!winner.secret().id().equals(s.id())) {
            out.add(src.warning(field, "ignored for host " + Names.quote(host) + ": Ingress "
                + winner.from().id() + " sets its TLS (Secret " + winner.secret().id() + ") and wins ("
                + Taken.whyWins(winner.from(), t) + ")"));
          }
        }
      }
    }
    return chosen;
  }

  /** The hosts an entry gives its certificate: those it names that the certificate covers, or without any, its rule hosts that it covers. */
  private static Set<String> covered(Taken t, CheckedIngress.TlsEntry entry, CheckedSecret s, Diagnostics out) {
    Set<String> hosts = new LinkedHashSet<>();
    InputSource src = t.source();
    if (entry.hosts().isEmpty()) {
      t.checked().ruleHosts().stream().filter(s::covers).forEach(hosts::add);
      if (hosts.isEmpty()) {
        out.add(src.warning(entry.field(), "no hosts, and the certificate of Secret " + s.id()
            + " covers no rule host of this Ingress; the entry does nothing"));
      }
      return hosts;
    }
    for (int h = 0; h < entry.hosts().size(); h++) {
      String host = entry.hosts().get(h);
      if (s.covers(host)) {
        hosts.add(host);
      } else {
        out.add(src.error(entry.field() + ".hosts[" + h + "]", "the certificate of Secret " + s.id()
            + " does not cover " + Names.quote(host) + " (it covers " + String.join(", ", s.names())
            + "); the host is served over HTTP only"));
      }
    }
    return hosts;
  }

  private static boolean coveredByWildcard(String host, Predicate<String> served) {
    int dot = host.indexOf('.');
    return dot > 0 && !host.startsWith("*.") && served.test("*" + host.substring(dot));
  }

  /** The controller's --default-certificate, as the CLI parsed it. */
  static Optional<TlsCertificate> defaultCertificate(Optional<FlagValue<SecretRef>> flag, Secrets secrets, Diagnostics out) {
    if (flag.isEmpty()) {
      return Optional.empty();
    }
    Function<String, Diagnostic> error = msg -> new Diagnostic(Severity.ERROR, "", "", 0, "--default-certificate",
        msg + "; unknown SNI will be refused");
    if (flag.get().value().isEmpty()) {
      out.add(error.apply(flag.get().problem()));
      return Optional.empty();
    }
    SecretRef secret = flag.get().value().get();
    return secrets.secret(secret.namespace(), secret.name(), error,
            msg -> new Diagnostic(Severity.WARNING, "", "", 0, "--default-certificate", msg))
        .map(s -> certificate(s, List.of()));
  }

  /** One certificate per Secret that some host's TLS chose, with those hosts. */
  static List<TlsCertificate> certificates(Map<String, Choice> tlsByHost) {
    Map<String, TreeSet<String>> hostsBySecret = new TreeMap<>();
    Map<String, CheckedSecret> secrets = new HashMap<>();
    tlsByHost.forEach((host, c) -> {
      hostsBySecret.computeIfAbsent(c.secret().id(), k -> new TreeSet<>()).add(host);
      secrets.put(c.secret().id(), c.secret());
    });
    List<TlsCertificate> certificates = new ArrayList<>();
    hostsBySecret.forEach((id, hs) -> certificates.add(certificate(secrets.get(id), new ArrayList<>(hs))));
    return certificates;
  }

  private static TlsCertificate certificate(CheckedSecret s, List<String> hosts) {
    return new TlsCertificate(s.id(), s.certificatePem(), s.key(), hosts, s.notAfter());
  }
}
