package dev.ingressc.ir;

/**
 * TLS for one host.
 *
 * @param certificateId the {@link TlsCertificate#id()} served for this host's SNI
 * @param redirectToHttps whether a plain-HTTP request to this host gets a 308 to https
 */
public record HostTls(String certificateId, boolean redirectToHttps) {}
