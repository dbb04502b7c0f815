package dev.ingressc.ir;

/** How a virtual host's name is compared with the request's Host (case-insensitive, port ignored). */
public enum HostMatch {
  /** The Host equals the name. */
  EXACT,
  /** {@code *.foo.com}: the Host is exactly one non-empty label followed by {@code .foo.com}. */
  WILDCARD,
  /** Host-less rules: any Host that no exact or wildcard virtual host takes. */
  ANY
}
