package dev.ingressc.ir;

/**
 * Something a route may need that some target (or some output format of one) cannot do. A target
 * names what it lacks; the compiler rejects, for that target only, each Ingress that needs it, with
 * a diagnostic, and every other target serves it (SEMANTICS.md, What a target lacks). Nothing that
 * restricts access is ever served open by a target that cannot do it.
 */
public enum TargetFeature {
  /** Asking an auth service before the backend ({@link ExternalAuth}). */
  EXTERNAL_AUTH("external authentication (auth-url)"),
  /** The request target escaped as a query value, for a sign-in redirect ({@link ExternalAuth.SignIn#escapes}). */
  ESCAPED_REQUEST_URI("sign-in redirects that carry the request's URL escaped (auth-signin's rd=, unless written"
      + " without $escaped_request_uri)"),
  /** Checking Apache's {@code $apr1$} password hashes, htpasswd's default ({@link BasicAuth.HashFormat#APR1}). */
  APR1_HASHES("checking $apr1$ password hashes (htpasswd's default MD5; rehash with htpasswd -s for {SHA})"),
  /** Checking crypt(3) password hashes: {@code $1$}, {@code $5$}, {@code $6$}, bcrypt. */
  CRYPT_HASHES("checking crypt(3) password hashes ($1$, $5$, $6$, bcrypt $2y$)"),
  /** Limiting the requests a client address has in progress at once ({@link ConnectionLimit}). */
  CONNECTION_LIMITS("limiting concurrent requests per client address (limit-connections)");

  private final String words;

  TargetFeature(String words) {
    this.words = words;
  }

  /**
   * Whether only some values of an annotation need it (a hash format of the users): a target that
   * lacks it refuses those credentials (their routes answer 503), not every Ingress with the annotation.
   */
  public boolean byValue() {
    return this == APR1_HASHES || this == CRYPT_HASHES;
  }

  /** What it is, in words, for diagnostics. */
  public String words() {
    return words;
  }

  /** What a route with this external auth needs of its target. */
  public static java.util.Set<TargetFeature> neededBy(java.util.Optional<ExternalAuth> auth) {
    java.util.EnumSet<TargetFeature> out = java.util.EnumSet.noneOf(TargetFeature.class);
    auth.ifPresent(a -> {
      out.add(EXTERNAL_AUTH);
      if (a.signIn().isPresent() && a.signIn().get().escapes()) {
        out.add(ESCAPED_REQUEST_URI);
      }
    });
    return out;
  }
}
