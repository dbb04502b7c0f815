package dev.ingressc.emit.envoy;

import dev.ingressc.emit.envoy.EnvoyRoutingCases.Probe;
import dev.ingressc.emit.envoy.EnvoyRoutingCases.Scenario;
import java.util.List;
import dev.ingressc.testkit.fixtures.Manifests;

/**
 * Inputs that would widen a match if any text became a regular expression or a wildcard: regex
 * metacharacters in paths (all allowed by path validation), and Host headers that a sloppy
 * pattern would take. Every probe that names 404 would be taken by some rule if a path were a
 * regex or a host pattern were unescaped.
 */
final class HostileCases {
  private HostileCases() {}

  static List<Scenario> all() {
    String paths = EnvoyRoutingCases.ingress("regexy").rule("regex.example")
        .path("/a.*", "Exact", "svc-1", 80)
        .path("/(x)", "Prefix", "svc-2", 80)
        .path("/a+b", "Prefix", "svc-3", 80)
        .path("/files.*", "ImplementationSpecific", "svc-4", 80)
        .path("/x*", "Exact", "svc-5", 80)
        .path("/@:!&=,~", "Prefix", "svc-6", 80)
        .yaml();
    String hosts = EnvoyRoutingCases.ingress("hosty")
        .rule("*.a-b.example").path("/", "Prefix", "svc-1", 80)
        .rule("exact.example").path("/", "Prefix", "svc-2", 80)
        .yaml();
    return List.of(
        new Scenario("hostile: regex metacharacters in paths", Manifests.join(paths, EnvoyRoutingCases.services(6)), List.of(
            Probe.http("regex.example", "/a.*", "svc-1"),
            Probe.http("regex.example", "/abc", "404"),
            Probe.http("regex.example", "/a.", "404"),
            Probe.http("regex.example", "/a.*x", "404"),
            Probe.http("regex.example", "/(x)", "svc-2"),
            Probe.http("regex.example", "/(x)/y", "svc-2"),
            Probe.http("regex.example", "/x", "404"),
            Probe.http("regex.example", "/(x", "404"),
            Probe.http("regex.example", "/a+b", "svc-3"),
            Probe.http("regex.example", "/aab", "404"),
            Probe.http("regex.example", "/ab", "404"),
            Probe.http("regex.example", "/files.*/x", "svc-4"),
            Probe.http("regex.example", "/files.txt", "404"),
            Probe.http("regex.example", "/filesX*", "404"),
            Probe.http("regex.example", "/x*", "svc-5"),
            Probe.http("regex.example", "/xxx", "404"),
            Probe.http("regex.example", "/x", "404"),
            Probe.http("regex.example", "/@:!&=,~/z", "svc-6"))),
        new Scenario("hostile: Host headers", Manifests.join(hosts, EnvoyRoutingCases.services(2)), List.of(
            Probe.http("one.a-b.example", "/", "svc-1"),
            Probe.http("one.aXb.example", "/", "404"),
            Probe.http("one.a-bXexample", "/", "404"),
            Probe.http("one.two.a-b.example", "/", "404"),
            Probe.http("exact.example.evil.com", "/", "404"),
            Probe.http("exactXexample", "/", "404"),
            Probe.http("evil.exact.example", "/", "404"),
            Probe.http("x:y.a-b.example", "/", "404"),
            Probe.http("one.a-b.example:99999", "/", "svc-1"),
            Probe.http("*.a-b.example", "/", "svc-1"),
            Probe.http("EXACT.EXAMPLE", "/", "svc-2"))));
  }
}
