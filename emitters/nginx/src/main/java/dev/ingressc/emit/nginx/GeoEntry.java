package dev.ingressc.emit.nginx;

/** One range of a {@link GeoView}, and whether an address in it is kept out. */
public record GeoEntry(String range, boolean denied) {}
