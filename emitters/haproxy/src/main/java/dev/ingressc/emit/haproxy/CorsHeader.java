package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.templating.EscapingOutputFormat;

/** One CORS header: its name and value, a quoted word or the origin variable's log-format expression. */
public record CorsHeader(EscapingOutputFormat.Markup name, EscapingOutputFormat.Markup value) {}
