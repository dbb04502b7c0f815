/**
 * The intermediate representation: what every request means, decided once.
 *
 * <p>Everything here is an immutable record built by {@code dev.ingressc.normalize.Normalizer}.
 * Emitters read these types and nothing else: no fabric8 type ever crosses this boundary, and no
 * emitter re-decides matching. Lists are already in their final, deterministic order.
 */
package dev.ingressc.ir;
