package dev.ingressc.ir;

/**
 * Where a request goes: what the Ingress named, and the upstream it resolved to.
 *
 * @param ref the Service or resource the Ingress named
 * @param upstream the {@link Upstream#name()} that carries the traffic
 * @param origin the Ingress and field that named this backend
 */
public record Backend(BackendRef ref, String upstream, Origin origin) {}
