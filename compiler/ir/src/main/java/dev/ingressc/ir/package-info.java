/**
 * The intermediate representation: what every request means, decided once.
 *
 * <p>Everything here is an immutable record built by {@code dev.ingressc.normalize.Normalizer}.
 * Emitters read these types and nothing else: no fabric8 type ever crosses this boundary, and no
 * emitter re-decides matching. Lists are already in their final, deterministic order.
 *
 * <p>Beside the records: the Ingress matching rules as pure functions ({@link dev.ingressc.ir.HostMatching},
 * {@link dev.ingressc.ir.PathMatching}, {@link dev.ingressc.ir.RequestTargets}) and
 * {@link dev.ingressc.ir.HostIndex}, the one lookup of virtual host by name and certificate by SNI
 * that the route oracle and the emitters share. This module has no dependencies (the build fails
 * if it gets one).
 */
package dev.ingressc.ir;
