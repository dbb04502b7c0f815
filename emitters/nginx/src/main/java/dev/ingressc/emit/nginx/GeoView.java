package dev.ingressc.emit.nginx;

import dev.ingressc.emit.templating.EscapingOutputFormat;
import java.util.List;

/**
 * One set of source ranges as a {@code geo} variable ({@link NginxSourceRanges}).
 *
 * @param variable {@code $ingressc_denied_N}
 * @param denyByDefault the value for an address in no range
 * @param entries each range and whether it keeps out
 */
public record GeoView(EscapingOutputFormat.Markup variable, boolean denyByDefault, List<GeoEntry> entries) {}
