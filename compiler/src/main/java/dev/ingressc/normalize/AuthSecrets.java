package dev.ingressc.normalize;

import dev.ingressc.TargetProfile;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The memo of auth Secrets read by {@code merge} (SEMANTICS.md, Basic auth): each Secret's users,
 * read as one secret type, kept while the Secret is the same instance, and which hosts' routes carry
 * them, so that a replaced Secret makes exactly those hosts' memo entries stale (as
 * {@link ServiceCells} does for Services).
 */
final class AuthSecrets {
  /** One Secret read as one type. */
  record Key(String namespace, String name, BasicAuthAnnotations.SecretType type) {
    String secretId() {
      return namespace + "/" + name;
    }
  }

  private static final class Entry {
    CheckedAuthSecret secret;
    AuthCredentials.Read read;
    final Set<String> hosts = new HashSet<>();
  }

  private final Map<Key, Entry> entries = new HashMap<>();
  private final boolean keep;

  AuthSecrets(boolean keep) {
    this.keep = keep;
  }

  /** The users of {@code key}'s Secret for {@code target}, read once per Secret instance. */
  AuthCredentials.Read read(Key key, CheckedObjects.Inputs in, TargetProfile target) {
    Entry e = entries.get(key);
    if (e == null) {
      e = new Entry();
      e.secret = in.authSecret(key.namespace(), key.name());
      e.read = AuthCredentials.read(key.secretId(), e.secret, key.type(), target);
      entries.put(key, e);
    }
    return e.read;
  }

  /** The hosts whose routes carry a Secret that is another instance (or gone, or come) since last pass. */
  Set<String> refresh(CheckedObjects.Inputs in) {
    Set<String> hosts = new HashSet<>();
    for (var it = entries.entrySet().iterator(); it.hasNext(); ) {
      var kv = it.next();
      Entry e = kv.getValue();
      CheckedAuthSecret now = in.authSecret(kv.getKey().namespace(), kv.getKey().name());
      if (now != e.secret) {
        hosts.addAll(e.hosts);
        it.remove();
      }
    }
    return hosts;
  }

  /** Records (or, with {@code add} false, forgets) that {@code host}'s routes carry the Secrets of {@code routes}. */
  void depend(String host, HostRoutes routes, boolean add) {
    if (!keep) {
      return;
    }
    for (Key k : routes.authSecrets) {
      Entry e = entries.get(k);
      if (e == null) {
        continue;
      }
      if (add) {
        e.hosts.add(host);
      } else {
        e.hosts.remove(host);
      }
    }
  }

  /** Forgets the Secrets no host carries any more. */
  void prune() {
    if (keep) {
      entries.values().removeIf(e -> e.hosts.isEmpty());
    }
  }
}
