package dev.ingressc.testkit.e2e;

/** ingress-nginx annotations as an Ingress's metadata line, for the shared cases. */
final class NginxAnnotations {
  static final String PREFIX = "nginx.ingress.kubernetes.io/";

  private NginxAnnotations() {}

  /** {@code  annotations: {...}} from key (without the prefix), value pairs, each JSON-quoted. */
  static String of(String... keyValues) {
    StringBuilder sb = new StringBuilder("  annotations: {");
    for (int i = 0; i < keyValues.length; i += 2) {
      sb.append(i == 0 ? "" : ", ").append(HostileInputs.json(PREFIX + keyValues[i])).append(": ")
          .append(HostileInputs.json(keyValues[i + 1]));
    }
    return sb.append("}\n").toString();
  }

  /** The same, after a creationTimestamp line (which orders Ingresses that conflict). */
  static String created(String rfc3339, String... keyValues) {
    return "  creationTimestamp: '" + rfc3339 + "'\n" + of(keyValues);
  }
}
