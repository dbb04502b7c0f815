package dev.ingressc.ir;

import java.util.Locale;

/** How a Host header compares with Ingress hosts: case-insensitive, port and trailing dot ignored. */
public final class HostMatching {
  private HostMatching() {}

  /** Lower-cases the Host header and drops its port and a trailing dot. */
  public static String normalize(String hostHeader) {
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      return close < 0 ? h : h.substring(0, close + 1);
    }
    int colon = h.indexOf(':');
    if (colon >= 0) {
      h = h.substring(0, colon);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return h;
  }

  /** {@code *.foo.com} covers exactly one non-empty label before {@code .foo.com}. */
  public static boolean wildcardCovers(String wildcard, String host) {
    String suffix = wildcard.substring(1); // ".foo.com"
    if (!host.endsWith(suffix)) {
      return false;
    }
    String label = host.substring(0, host.length() - suffix.length());
    return !label.isEmpty() && label.indexOf('.') < 0;
  }
}
