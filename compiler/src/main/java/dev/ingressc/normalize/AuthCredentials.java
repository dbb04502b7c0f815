package dev.ingressc.normalize;

import dev.ingressc.TargetProfile;
import dev.ingressc.ir.BasicAuth;
import dev.ingressc.ir.TargetFeature;
import dev.ingressc.validate.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users of an auth Secret, read as its Ingress's auth-secret-type says, for one target
 * (SEMANTICS.md, Basic auth). Anything that would make a target check other users than the Secret
 * names, or none, makes the credentials unusable (the routes answer 503): a missing Secret or key, a
 * line that is no {@code user:hash}, a user name some target cannot list, a hash format ingressc
 * does not read, or one this target cannot check. A function of its arguments.
 */
final class AuthCredentials {
  /** The credentials and what reading them found that does not make them unusable. */
  record Read(BasicAuth.Credentials credentials, List<String> warnings, boolean targetLacks) {}

  private AuthCredentials() {}

  static Read read(String secretId, CheckedAuthSecret secret, BasicAuthAnnotations.SecretType type,
      TargetProfile target) {
    if (secret == null) {
      return unusable(secretId, "does not exist");
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    if (type == BasicAuthAnnotations.SecretType.AUTH_FILE) {
      if (secret.unreadable().contains("auth")) {
        return unusable(secretId, "has a key auth that is not UTF-8 text");
      }
      String file = secret.data().get("auth");
      if (file == null) {
        return unusable(secretId, "has no key auth (auth-secret-type auth-file: htpasswd lines under the key auth)");
      }
      String[] lines = file.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
          return unusable(secretId, "has a line " + (i + 1) + " in key auth that is not user:hash");
        }
        String user = line.substring(0, colon);
        String rest = line.substring(colon + 1);
        // As nginx reads htpasswd: a second colon starts a comment.
        int comment = rest.indexOf(':');
        String hash = comment < 0 ? rest : rest.substring(0, comment);
        if (hashes.putIfAbsent(user, hash) != null) {
          warnings.add("lists user " + Names.quote(user) + " again on line " + (i + 1) + ": the first line counts, as in nginx");
        }
      }
    } else {
      if (!secret.unreadable().isEmpty()) {
        return unusable(secretId, "has keys that are not UTF-8 text: " + String.join(", ", secret.unreadable()));
      }
      secret.data().forEach((user, hash) -> hashes.put(user, hash.strip()));
    }
    if (hashes.isEmpty()) {
      return unusable(secretId, "lists no user");
    }
    List<BasicAuth.User> users = new ArrayList<>();
    for (var e : hashes.entrySet()) {
      String user = e.getKey();
      if (!BasicAuth.portableUserName(user)) {
        return unusable(secretId, "lists user " + Names.quote(user) + ", a name not every target can list (letters,"
            + " digits, . _ @ + -, at most 128)");
      }
      Optional<BasicAuth.HashFormat> format = BasicAuth.HashFormat.of(e.getValue());
      if (format.isEmpty()) {
        return unusable(secretId, "has a password hash for user " + Names.quote(user) + " in a format ingressc does not"
            + " read ({SHA}, $apr1$, $1$, $5$, $6$ and bcrypt are read; plain text and DES crypt are not)");
      }
      Optional<TargetFeature> needs = format.get().needs();
      if (needs.isPresent() && !target.lacking(java.util.Set.of(needs.get())).isEmpty()) {
        return new Read(new BasicAuth.Credentials(secretId, List.of(), Optional.of("Secret " + secretId + ": the target "
            + target.name() + " cannot do " + needs.get().words() + ", and user " + Names.quote(user) + " has such a hash")),
            List.copyOf(warnings), true);
      }
      users.add(new BasicAuth.User(user, e.getValue(), format.get()));
    }
    return new Read(new BasicAuth.Credentials(secretId, users, Optional.empty()), List.copyOf(warnings), false);
  }

  private static Read unusable(String secretId, String why) {
    return new Read(new BasicAuth.Credentials(secretId, List.of(), Optional.of("Secret " + secretId + " " + why)),
        List.of(), false);
  }
}
