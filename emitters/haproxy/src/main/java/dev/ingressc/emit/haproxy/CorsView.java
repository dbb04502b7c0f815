package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.templating.EscapingOutputFormat;
import java.util.List;

/**
 * A backend's CORS policy ({@link HaproxyCors}).
 *
 * @param match the regex an allowed Origin matches, or null when any origin is allowed
 * @param hidden the header names the server's response loses
 * @param headers the headers set: the origin's value is the variable, the others fixed text
 */
public record CorsView(String match, List<EscapingOutputFormat.Markup> hidden, List<CorsHeader> headers) {}
