package dev.ingressc.ir;

/** How an upstream's endpoints are reached. */
public enum UpstreamKind {
  /** Ready endpoint IPs from EndpointSlices (or a literal IP from a resource backend URL). */
  STATIC,
  /** One DNS name: an ExternalName, the cluster DNS fallback, or a resource backend URL's host. */
  DNS,
  /** Nothing can serve it (missing Service, no ready endpoint): requests get 503. */
  UNAVAILABLE
}
