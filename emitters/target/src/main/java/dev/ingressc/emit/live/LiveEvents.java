package dev.ingressc.emit.live;

/** What a running target tells the sidecar's loop; called from the target's own threads, never blocking. */
public interface LiveEvents {
  /** A supervised proxy died and was started again on {@code current}. */
  default void proxyRestarted() {}

  /** A pushed configuration is now served by a proxy (Envoy: a node ACKed every type of the snapshot). */
  default void pushServed() {}

  /** A proxy refused a pushed configuration (Envoy: a NACK). */
  default void pushRefused() {}
}
