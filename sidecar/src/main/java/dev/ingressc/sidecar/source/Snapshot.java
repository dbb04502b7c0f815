package dev.ingressc.sidecar.source;

import dev.ingressc.Compiler.Compilation;
import java.util.Map;
import java.util.Optional;

/**
 * One compile of a source's current objects.
 *
 * @param compilation the compiler's result
 * @param counts objects in the input, by kind, for the watched-objects metric
 * @param unusable why this input must not be applied at all (e.g. a file that does not parse, so
 *     its objects would silently vanish), or empty
 */
public record Snapshot(Compilation compilation, Map<String, Long> counts, Optional<String> unusable) {}
