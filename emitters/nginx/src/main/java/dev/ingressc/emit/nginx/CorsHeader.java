package dev.ingressc.emit.nginx;

import dev.ingressc.emit.templating.EscapingOutputFormat;

/** A CORS header: its name, the variable that holds it (null: the origin's), and its value (null in a location). */
public record CorsHeader(EscapingOutputFormat.Markup name, EscapingOutputFormat.Markup variable, String value) {}
