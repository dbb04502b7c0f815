package dev.ingressc.load;

import dev.ingressc.diag.Diagnostics;
import java.util.List;

/**
 * What the loader read.
 *
 * @param objects every object of a known kind, in input order
 * @param diagnostics problems with files and documents
 * @param unreadable true when some input could not be read at all (missing file, I/O error)
 */
public record LoadResult(List<LoadedObject> objects, Diagnostics diagnostics, boolean unreadable) {}
