package dev.ingressc.emit.nginx;

/** @param port the https port to put in the Location; null for 443, which is left out */
public record HttpsRedirect(Integer port) {}
