package dev.ingressc.emit.haproxy;

import dev.ingressc.ir.BasicAuth;
import dev.ingressc.ir.IngressIR;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A route's basic auth (SEMANTICS.md, Basic auth) in HAProxy, in the route's backend once it would
 * proxy (a route without ready endpoints keeps its 503), after the body limit's 413 and before the
 * external auth. The users with a crypt(3) hash ({@code $1$}, {@code $5$}, {@code $6$}, bcrypt)
 * are a top-level {@code userlist}, one per distinct credentials, checked by {@code http_auth}; a
 * userlist cannot check {@code {SHA}}, so those users are patterns {@code NAME:BASE64} that
 * {@code http_auth_user} joined to {@code http_auth_pass,sha1,base64} must equal (one tree lookup
 * whatever their number). HAProxy's parser takes any prefix of {@code Basic} as the scheme and ends
 * the credentials at a NUL byte, so the field must also begin {@code Basic } and its decoded
 * credentials hold no NUL, as the oracle says. A request that passes none of this gets
 * {@code http-request auth realm}, HAProxy's 401 with {@code WWW-Authenticate: Basic realm="REALM"}
 * (the realm never holds a quote); that cannot take an empty realm (ingress-nginx's default), so
 * then {@code http-request return status 401 hdr WWW-Authenticate 'Basic realm=""'}, a fixed text.
 * Credentials that cannot be used ({@code $apr1$}, which HAProxy lacks; a missing Secret) deny every
 * request 503.
 */
final class HaproxyBasicAuth {
  static final String USERLIST_PREFIX = "ingressc_users_";
  /** The status of every request to a route whose credentials cannot be used. */
  static final int UNUSABLE_STATUS = 503;
  /** Users per {@code acl} line: HAProxy takes at most 64 words on a line. */
  static final int PER_LINE = 50;

  /** Userlist name by {@link #id} of the credentials it checks. */
  private final Map<String, String> userlists = new TreeMap<>();

  /** Names a userlist for each distinct credentials with a crypt(3) user, in the order of their ids. */
  HaproxyBasicAuth(IngressIR ir) {
    Set<String> ids = new java.util.TreeSet<>();
    ir.virtualHosts().forEach(v -> v.routes().forEach(r -> r.basicAuth().map(BasicAuth::credentials)
        .filter(c -> !crypt(c).isEmpty()).ifPresent(c -> ids.add(id(c)))));
    Set<String> taken = new HashSet<>();
    for (String id : ids) {
      String base = USERLIST_PREFIX + BackendNames.hash(id);
      String name = base;
      for (int n = 2; !taken.add(name); n++) {
        name = base + "_" + n; // two credentials whose hashes agree: never seen, but never a duplicate
      }
      userlists.put(id, name);
    }
  }

  /** The view of {@code auth}, or null without. */
  BasicAuthView view(Optional<BasicAuth> auth) {
    return auth.map(this::view).orElse(null);
  }

  private BasicAuthView view(BasicAuth a) {
    BasicAuth.Credentials c = a.credentials();
    // HAProxy lacks $apr1$ (HaproxyEmitter.lacks): the compile for it refuses such credentials, and
    // an IR compiled for another target that still holds one is refused here too, never let through.
    if (!c.usable() || c.users().stream().anyMatch(u -> u.format() == BasicAuth.HashFormat.APR1)) {
      return new BasicAuthView(realm(a), emptyRealmChallenge(a), null, List.of(), UNUSABLE_STATUS);
    }
    List<BasicAuth.User> crypt = crypt(c);
    BasicAuthView.Userlist userlist = crypt.isEmpty() ? null : new BasicAuthView.Userlist(userlists.get(id(c)),
        c.secret(), crypt.stream().map(u -> new BasicAuthView.User(u.name(), u.hash())).toList());
    List<String> sha = c.users().stream().filter(u -> u.format() == BasicAuth.HashFormat.SHA)
        .map(u -> u.name() + ":" + u.hash().substring(BasicAuth.HashFormat.SHA.prefix().length())).toList();
    List<List<String>> lines = new ArrayList<>();
    for (int i = 0; i < sha.size(); i += PER_LINE) {
      lines.add(sha.subList(i, Math.min(sha.size(), i + PER_LINE)));
    }
    return new BasicAuthView(realm(a), emptyRealmChallenge(a), userlist, lines, 0);
  }

  /** The realm {@code http-request auth} prints, which must not be empty (HAProxy: "missing realm value"). */
  private static String realm(BasicAuth a) {
    return a.realm().isEmpty() ? null : a.realm();
  }

  /** The challenge of an empty realm, which holds no user text (so no log-format {@code %}); else null. */
  private static String emptyRealmChallenge(BasicAuth a) {
    return a.realm().isEmpty() ? a.challenge() : null;
  }

  /** The users a userlist checks: every format but {@code {SHA}}. */
  private static List<BasicAuth.User> crypt(BasicAuth.Credentials c) {
    return c.users().stream().filter(u -> u.format() != BasicAuth.HashFormat.SHA).toList();
  }

  /** What tells one userlist from another: the Secret and its users. */
  private static String id(BasicAuth.Credentials c) {
    StringBuilder sb = new StringBuilder(c.secret());
    crypt(c).forEach(u -> sb.append('\n').append(u.name()).append(' ').append(u.hash()));
    return sb.toString();
  }
}
