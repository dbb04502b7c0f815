package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.annotations.AnnotationTable;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.BasicAuth;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads ingress-nginx's basic authentication of one Ingress (SEMANTICS.md, Basic auth):
 * {@code auth-type: basic}, {@code auth-secret}, {@code auth-secret-type} and {@code auth-realm}.
 * What it names is read later, per pass ({@link AuthSecrets}): here only what the Ingress says.
 * Whatever would weaken the check is an error that rejects the Ingress.
 */
final class BasicAuthAnnotations {
  static final String TYPE = AnnotationTable.NGINX + "auth-type";
  static final String SECRET = AnnotationTable.NGINX + "auth-secret";
  static final String SECRET_TYPE = AnnotationTable.NGINX + "auth-secret-type";
  static final String REALM = AnnotationTable.NGINX + "auth-realm";

  /** How the Secret holds its users: ingress-nginx's auth-file (key {@code auth}, htpasswd lines) or auth-map (a key per user). */
  enum SecretType {
    AUTH_FILE, AUTH_MAP
  }

  /**
   * What an Ingress asks for.
   *
   * @param namespace the Secret's namespace (always the Ingress's)
   * @param name the Secret's name
   */
  record Spec(String namespace, String name, SecretType type, String realm) {
    String secretId() {
      return namespace + "/" + name;
    }
  }

  private BasicAuthAnnotations() {}

  /**
   * The Ingress's basic auth, if {@code auth-type} is set; findings go to {@code report} (an error
   * rejects the Ingress). A redirecting Ingress answers every client before any auth (warned); a
   * passed-through one is rejected, since no target can ask a TLS stream it does not end for a password.
   */
  static Optional<Spec> of(Located<Ingress> ing, boolean redirects, boolean passthrough, Consumer<Diagnostic> report) {
    Map<String, String> a = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    if (a == null) {
      return Optional.empty();
    }
    if (!a.containsKey(TYPE)) {
      for (String key : List.of(SECRET, SECRET_TYPE, REALM)) {
        if (a.containsKey(key)) {
          report.accept(ing.warning(field(key), "no effect: it tunes basic authentication, and auth-type is not set,"
              + " as in ingress-nginx"));
        }
      }
      return Optional.empty();
    }
    String type = a.get(TYPE).trim();
    boolean ok = true;
    if (!type.equals("basic")) {
      report.accept(ing.diagnostic(Severity.ERROR, field(TYPE), Names.quote(a.get(TYPE)) + (type.equals("digest")
          ? " authentication is done by none of ingressc's targets (nginx needs a third-party module for it)"
          : " is not an authentication type (basic or digest)") + ": the Ingress is rejected rather than served without"
          + " its authentication", AnnotationAccounting.FAIL_CLOSED));
      ok = false;
    }
    String ns = ing.key().namespace();
    String name = null;
    String secret = a.getOrDefault(SECRET, "").trim();
    int slash = secret.indexOf('/');
    String secretNs = slash < 0 ? ns : secret.substring(0, slash);
    String secretName = slash < 0 ? secret : secret.substring(slash + 1);
    if (secret.isEmpty()) {
      report.accept(ing.error(field(SECRET), "is not set: basic authentication needs the Secret that holds its users;"
          + " the Ingress is rejected rather than served without it"));
    } else if (!secretNs.equals(ns)) {
      report.accept(ing.error(field(SECRET), Names.quote(secret) + " names a Secret of namespace " + secretNs
          + ": an Ingress reads auth Secrets of its own namespace only, so that it cannot borrow another namespace's"
          + " credentials; the Ingress is rejected"));
    } else if (Names.dns1123Subdomain(secretName).isPresent()) {
      report.accept(ing.error(field(SECRET), Names.quote(secret) + " is not a Secret name: the Ingress is rejected"));
    } else {
      name = secretName;
    }
    SecretType secretType = SecretType.AUTH_FILE;
    if (a.containsKey(SECRET_TYPE)) {
      switch (a.get(SECRET_TYPE).trim()) {
        case "auth-file" -> secretType = SecretType.AUTH_FILE;
        case "auth-map" -> secretType = SecretType.AUTH_MAP;
        default -> {
          report.accept(ing.error(field(SECRET_TYPE), Names.quote(a.get(SECRET_TYPE)) + " is neither auth-file nor"
              + " auth-map: the Ingress is rejected, as ingress-nginx denies it"));
          ok = false;
        }
      }
    }
    String realm = a.getOrDefault(REALM, "");
    if (!BasicAuth.printableRealm(realm)) {
      report.accept(ing.error(field(REALM), Names.quote(realm) + " is not a realm every target can send as written"
          + " (printable ASCII without \" \\ and $, at most 256): the Ingress is rejected"));
      ok = false;
    }
    if (!ok || name == null) {
      return Optional.empty();
    }
    if (passthrough) {
      report.accept(ing.diagnostic(Severity.ERROR, field(TYPE), "basic authentication cannot guard a passed-through"
          + " TLS stream (ssl-passthrough): the Ingress is rejected rather than served without it",
          AnnotationAccounting.FAIL_CLOSED));
      return Optional.empty();
    }
    if (redirects) {
      report.accept(ing.warning(field(TYPE), "no basic authentication: the Ingress's routes answer a redirect"
          + " (permanent-redirect or temporal-redirect) to every request, before any auth, as in ingress-nginx"));
      return Optional.empty();
    }
    return Optional.of(new Spec(ns, name, secretType, realm));
  }

  static String field(String key) {
    return "metadata.annotations[" + key + "]";
  }
}
