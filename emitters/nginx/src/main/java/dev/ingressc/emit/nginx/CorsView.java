package dev.ingressc.emit.nginx;

import dev.ingressc.emit.templating.EscapingOutputFormat;
import java.util.List;

/**
 * What a location of a CORS route does.
 *
 * @param preflight the variable that is 1 for a preflight the location answers 204
 * @param hidden the header names the backend's response loses
 * @param added each header name with the variable holding its value
 */
public record CorsView(EscapingOutputFormat.Markup preflight, List<EscapingOutputFormat.Markup> hidden,
    List<CorsHeader> added) {}
