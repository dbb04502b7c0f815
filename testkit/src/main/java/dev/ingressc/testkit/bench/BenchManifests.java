package dev.ingressc.testkit.bench;

import java.nio.file.Path;

/** What the proxy benchmark compiles, and the nginx backend every benchmarked proxy forwards to. */
final class BenchManifests {
  static final int PATHS = 5;
  private static final int SERVICES = 50;

  private BenchManifests() {}

  /**
   * {@code hosts} Ingresses h0..h(n-1).bench.example.com, each with Prefix /p0../p4 over 50 Services.
   * Path p of host h goes to Service (5h + p) mod 50, so every tenth host has the same routes; with
   * {@code -Dingressc.bench.routes=distinct} it goes to digit p of h in base 50 instead, so no two
   * hosts (up to 125,000) have the same routes: the worst case for a target that shares config
   * between hosts with the same routes.
   */
  static String manifests(int hosts, int backendPort) {
    boolean distinct = "distinct".equals(System.getProperty("ingressc.bench.routes"));
    StringBuilder sb = new StringBuilder(hosts * 900);
    for (int s = 0; s < SERVICES; s++) {
      sb.append("---\napiVersion: v1\nkind: Service\nmetadata: {name: svc-").append(s)
          .append(", namespace: bench}\nspec: {ports: [{name: http, port: 80}]}\n");
      sb.append("---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: svc-").append(s)
          .append(", namespace: bench, labels: {kubernetes.io/service-name: svc-").append(s)
          .append("}}\naddressType: IPv4\nports: [{name: http, port: ").append(backendPort)
          .append("}]\nendpoints: [{addresses: [127.0.0.1]}]\n");
    }
    for (int h = 0; h < hosts; h++) {
      sb.append("---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: site-").append(h)
          .append(", namespace: bench}\nspec:\n  rules:\n  - host: h").append(h).append(".bench.example.com\n")
          .append("    http:\n      paths:\n");
      for (int p = 0; p < PATHS; p++) {
        sb.append("      - {path: /p").append(p).append(", pathType: Prefix, backend: {service: {name: svc-")
            .append(distinct ? h / (int) Math.pow(SERVICES, Math.min(p, 2)) % SERVICES : (h * PATHS + p) % SERVICES)
            .append(", port: {number: 80}}}}\n");
      }
    }
    return sb.toString();
  }

  /** An nginx that answers every request with a fixed 200, the backend behind every benchmarked proxy. */
  static String backendConfig(Path run, int port) {
    return """
        daemon off;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 4096; }
        http {
            access_log off;
            client_body_temp_path %1$s/cb; proxy_temp_path %1$s/p; fastcgi_temp_path %1$s/f;
            uwsgi_temp_path %1$s/u; scgi_temp_path %1$s/s;
            keepalive_requests 1000000;
            server { listen 127.0.0.1:%2$d; location / { return 200 "ok\\n"; } }
        }
        """.formatted(run, port);
  }
}
