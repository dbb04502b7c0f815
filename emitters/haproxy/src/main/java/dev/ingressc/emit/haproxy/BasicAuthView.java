package dev.ingressc.emit.haproxy;

import java.util.List;

/**
 * A backend's basic auth ({@link HaproxyBasicAuth}).
 *
 * @param realm the realm of the 401's {@code WWW-Authenticate: Basic realm="..."}, as written, for
 *     {@code http-request auth realm}; null when it is empty, which that cannot print
 * @param emptyRealmChallenge with an empty realm, the whole WWW-Authenticate value (no {@code %}),
 *     for {@code http-request return status 401 hdr}; else null
 * @param userlist the userlist that checks the users with crypt(3) hashes, or null when none has one
 * @param shaUsers {@code NAME:BASE64} for each user with a {@code {SHA}} hash (the password's SHA-1),
 *     a line's worth each; empty when none has one
 * @param unusableStatus the status of every request when the credentials cannot be used (503), else 0
 */
public record BasicAuthView(String realm, String emptyRealmChallenge, Userlist userlist, List<List<String>> shaUsers,
    int unusableStatus) {
  public BasicAuthView {
    shaUsers = shaUsers.stream().map(List::copyOf).toList();
  }

  /**
   * A top-level {@code userlist} section: the crypt(3) users of one Secret's credentials.
   *
   * @param name its name, {@code ingressc_users_} and a hash of the Secret's name and these users
   * @param secret the Secret, {@code namespace/name}, for a comment
   * @param users in the Secret's order
   */
  public record Userlist(String name, String secret, List<User> users) {
    public Userlist {
      users = List.copyOf(users);
    }
  }

  /** A {@code user NAME password HASH} line. */
  public record User(String name, String hash) {}
}
