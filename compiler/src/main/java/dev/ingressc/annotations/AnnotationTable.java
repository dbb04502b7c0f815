package dev.ingressc.annotations;

import static dev.ingressc.annotations.AnnotationEntries.honoured;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one table of every annotation key ingressc knows: ingress-nginx's keys as it spells them,
 * the Kubernetes ones, and the prefixes of other controllers and of metadata-only tools. Every
 * report about annotations ({@link AnnotationAccounting}, {@code describe}, docs/annotations.md)
 * reads this table and nothing else.
 */
public final class AnnotationTable {
  /** ingress-nginx's prefix (its default {@code --annotations-prefix}). */
  public static final String NGINX = "nginx.ingress.kubernetes.io/";

  private static final Map<String, KnownAnnotation> KNOWN;
  private static final List<AnnotationFamily> FAMILIES = AnnotationFamilies.ALL;

  static {
    List<KnownAnnotation> k = new ArrayList<>();
    // Kubernetes' own.
    k.add(honoured("kubernetes.io/ingress.class", "names the IngressClass when spec.ingressClassName is empty"));

    // ingress-nginx's, by family: who gets in, where a request goes, how it is proxied.
    NginxAccessEntries.addTo(k);
    NginxRoutingEntries.addTo(k);
    NginxProxyEntries.addTo(k);

    TreeMap<String, KnownAnnotation> byKey = new TreeMap<>();
    for (KnownAnnotation a : k) {
      if (byKey.put(a.key(), a) != null) {
        throw new IllegalStateException("annotation listed twice: " + a.key());
      }
    }
    KNOWN = Collections.unmodifiableMap(byKey);
  }

  private AnnotationTable() {}

  /** Why snippets are refused, for keys the table lists and for any other {@code *-snippet}. */
  static String snippetReason() {
    return NginxAccessEntries.SNIPPET;
  }

  /** Every known key, sorted. */
  public static List<KnownAnnotation> known() {
    return List.copyOf(KNOWN.values());
  }

  public static Optional<KnownAnnotation> lookup(String key) {
    return Optional.ofNullable(KNOWN.get(key));
  }

  /** Every prefix family, in the order they are tried. */
  public static List<AnnotationFamily> families() {
    return FAMILIES;
  }

  public static Optional<AnnotationFamily> family(String key) {
    return FAMILIES.stream().filter(f -> f.covers(key)).findFirst();
  }
}
