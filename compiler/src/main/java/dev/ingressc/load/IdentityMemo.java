package dev.ingressc.load;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Values computed from one immutable object, remembered by the object's identity from one compile
 * pass to the next. The sidecar hands the same parsed objects ({@link ParsedFiles}) or informer
 * objects to every pass until they change, and a changed object is a new instance, so a hit is
 * exactly "this object was seen last pass" and its value is still right. Each pass keeps only what
 * it used: objects that are gone are forgotten at {@link #endPass()}.
 *
 * <p>Only for values that depend on the key object alone. Not thread-safe; one pass at a time.
 */
public final class IdentityMemo<K, V> {
  private Map<K, V> previous = new IdentityHashMap<>();
  private Map<K, V> current = new IdentityHashMap<>();
  private long computed;

  /** The value for {@code key}: kept from this or the last pass, else computed now. */
  public V get(K key, Function<? super K, ? extends V> compute) {
    V v = current.get(key);
    if (v == null) {
      v = previous.get(key);
      if (v == null) {
        v = compute.apply(key);
        computed++;
      }
      current.put(key, v);
    }
    return v;
  }

  /** Ends a pass: what it did not ask for is forgotten. */
  public void endPass() {
    previous = current;
    current = new IdentityHashMap<>(previous.size() + 16);
  }

  /** How many values were computed (not remembered) so far; for tests. */
  public long computed() {
    return computed;
  }
}
