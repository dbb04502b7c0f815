package dev.ingressc.ir;

import java.util.List;
import java.util.Optional;

/**
 * A route's basic auth (SEMANTICS.md, Basic auth): a request reaches the backend only with an
 * {@code Authorization: Basic} field naming a user of {@link #credentials} and that user's password;
 * else the client gets 401 with {@link #challenge()}. Credentials that cannot be used (a missing
 * Secret, a hash the target cannot check) answer every request 503 instead: never served open.
 *
 * @param realm ingress-nginx's auth-realm, shown by browsers; printable ASCII without {@code " \ $}
 * @param credentials the users of the Secret it names
 */
public record BasicAuth(String realm, Credentials credentials) {

  /**
   * The users of one auth Secret, read as one secret type.
   *
   * @param secret the Secret, {@code namespace/name}
   * @param users each user once, in the Secret's order (the first of a repeated name counts, as in nginx)
   * @param unusable why the Secret cannot be used, for this target; empty when it can (then users is not empty)
   */
  public record Credentials(String secret, List<User> users, Optional<String> unusable) {
    public Credentials {
      users = List.copyOf(users);
      if (unusable.isPresent()) {
        users = List.of();
      }
    }

    public boolean usable() {
      return unusable.isEmpty();
    }
  }

  /** One user and its password hash as written in the Secret. */
  public record User(String name, String hash, HashFormat format) {}

  /**
   * The password hash formats ingressc reads. {@code {SHA}} (base64 of SHA-1) every target checks;
   * the others some target cannot ({@link TargetFeature}), which then refuses the credentials.
   */
  public enum HashFormat {
    /** {@code {SHA}} then base64 of the password's SHA-1 (htpasswd -s). */
    SHA("{SHA}"),
    /** Apache's MD5 ({@code $apr1$}, htpasswd's default). */
    APR1("$apr1$"),
    /** crypt(3) MD5 ({@code $1$}). */
    MD5_CRYPT("$1$"),
    /** crypt(3) SHA-256 ({@code $5$}). */
    SHA256_CRYPT("$5$"),
    /** crypt(3) SHA-512 ({@code $6$}). */
    SHA512_CRYPT("$6$"),
    /** bcrypt ({@code $2y$}, {@code $2b$}, {@code $2a$}; htpasswd -B). */
    BCRYPT("$2y$");

    private final String prefix;

    HashFormat(String prefix) {
      this.prefix = prefix;
    }

    /** How the format's hashes start (bcrypt's also {@code $2b$} and {@code $2a$}). */
    public String prefix() {
      return prefix;
    }

    /** The format of {@code hash}, if it is one of these with a plausible shape. */
    public static Optional<HashFormat> of(String hash) {
      if (hash.matches("\\{SHA\\}[A-Za-z0-9+/]{27}=")) {
        return Optional.of(SHA);
      }
      if (hash.matches("\\$apr1\\$[./0-9A-Za-z]{1,8}\\$[./0-9A-Za-z]{22}")) {
        return Optional.of(APR1);
      }
      if (hash.matches("\\$1\\$[./0-9A-Za-z]{1,8}\\$[./0-9A-Za-z]{22}")) {
        return Optional.of(MD5_CRYPT);
      }
      if (hash.matches("\\$5\\$(rounds=[0-9]{1,9}\\$)?[./0-9A-Za-z]{1,16}\\$[./0-9A-Za-z]{43}")) {
        return Optional.of(SHA256_CRYPT);
      }
      if (hash.matches("\\$6\\$(rounds=[0-9]{1,9}\\$)?[./0-9A-Za-z]{1,16}\\$[./0-9A-Za-z]{86}")) {
        return Optional.of(SHA512_CRYPT);
      }
      if (hash.matches("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./0-9A-Za-z]{53}")) {
        return Optional.of(BCRYPT);
      }
      return Optional.empty();
    }

    /** What a target must be able to do to check hashes of this format. */
    public Optional<TargetFeature> needs() {
      return switch (this) {
        case SHA -> Optional.empty();
        case APR1 -> Optional.of(TargetFeature.APR1_HASHES);
        case MD5_CRYPT, SHA256_CRYPT, SHA512_CRYPT, BCRYPT -> Optional.of(TargetFeature.CRYPT_HASHES);
      };
    }
  }

  /** The WWW-Authenticate value of its 401. */
  public String challenge() {
    return "Basic realm=\"" + realm + "\"";
  }

  /** Whether {@code realm} can be printed as written on every target: printable ASCII without {@code " \ $}. */
  public static boolean printableRealm(String realm) {
    return realm.length() <= 256 && realm.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '$');
  }

  /** Whether {@code name} can be a user on every target's password list. */
  public static boolean portableUserName(String name) {
    return name.matches("[A-Za-z0-9._@+-]{1,128}");
  }
}
