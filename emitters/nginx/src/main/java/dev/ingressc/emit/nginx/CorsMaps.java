package dev.ingressc.emit.nginx;

import dev.ingressc.emit.templating.EscapingOutputFormat;
import java.util.List;

/**
 * One CORS policy's variables, set at the http level ({@link NginxCors}).
 *
 * @param comment which policy
 * @param origin {@code $ingressc_cors_origin_N}: Access-Control-Allow-Origin for an allowed request, else empty
 * @param match the map regex an allowed Origin matches; null when any origin is allowed (then always {@code *})
 * @param headers each header's name, its variable (null for the origin's own) and its fixed value
 * @param preflight {@code $ingressc_cors_preflight_N}: 1 for an allowed OPTIONS
 * @param methodAndOrigin the preflight map's source, {@code "$request_method:$ingressc_cors_origin_N"}
 */
public record CorsMaps(String comment, EscapingOutputFormat.Markup origin, EscapingOutputFormat.Markup match,
    List<CorsHeader> headers, EscapingOutputFormat.Markup preflight, EscapingOutputFormat.Markup methodAndOrigin) {}
