package dev.ingressc.normalize;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.ListenerSettings;
import dev.ingressc.ir.Upstream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The step {@code upstreams}: each upstream from the resolutions naming it (the output of
 * {@code merge}), and the findings that depend on which resolution built it.
 */
final class Upstreams {
  private Upstreams() {}

  /**
   * One upstream: the one its first resolution in the spec's order proposes; one Service port is
   * one upstream, so when Ingresses of classes with different load balancing (or Ingresses with
   * different backend protocols) share it, the oldest Ingress decides, and the others are told that
   * theirs is dropped. Every resolution naming an unavailable Service port learns that it has no
   * ready endpoint. When all resolutions propose the same upstream (the usual case), which one
   * builds it makes no difference, and it need not be found. Its connect timeout is the longest its
   * resolutions ask for, so that no route gives up sooner than it asked; its session affinity is the
   * first Ingress's that asks for one ({@link UpstreamAffinity}).
   *
   * @param members every resolution naming the upstream (not empty)
   * @param cells the distinct cells of {@code members}
   */
  static Assembled assemble(Collection<Resolution> members, Collection<Resolution.Cell> cells, Diagnostics out) {
    BackendResolver.Proposal p = build(members, cells, out);
    return new Assembled(UpstreamAffinity.decide(p.upstream().withConnectTimeout(connectTimeout(members)), members, out),
        p.endpoints());
  }

  /** One upstream (routing) and its endpoints (the endpoints table's entry), from the resolution that built it. */
  record Assembled(Upstream upstream, List<Endpoint> endpoints) {}

  private static BackendResolver.Proposal build(Collection<Resolution> members, Collection<Resolution.Cell> cells, Diagnostics out) {
    BackendResolver.Proposal any = cells.iterator().next().proposal;
    boolean same = true;
    for (Resolution.Cell c : cells) {
      same &= c.proposal == any || c.proposal.upstream().equals(any.upstream())
          && c.proposal.endpoints().equals(any.endpoints()) && c.proposal.creation().equals(any.creation());
    }
    if (same) {
      any.creation().forEach(out::add);
      if (any.upstream().unavailable()) {
        for (Resolution m : members) {
          if (m.proposal().check() == BackendResolver.Check.SETTINGS_AND_READY) {
            out.add(m.warning(m.proposal().noReadyMessage()));
          }
        }
      }
      return any;
    }
    Resolution builder = null;
    for (Resolution m : members) {
      if (builder == null || Resolution.ORDER.compare(m, builder) < 0) {
        builder = m;
      }
    }
    Upstream u = builder.proposal().upstream();
    for (Resolution m : members) {
      BackendResolver.Proposal mine = m.proposal();
      if (m == builder) {
        mine.creation().forEach(out::add);
      } else if (mine.check() != BackendResolver.Check.NONE && !u.unavailable()) {
        if (u.loadBalancing() != mine.loadBalancing()) {
          out.add(m.warning("upstream " + u.name() + " is shared with an older Ingress whose class sets load balancing "
              + u.loadBalancing().configName() + "; this Ingress's class setting " + mine.loadBalancing().configName()
              + " is not applied"));
        }
        if (u.protocol() != mine.protocol()) {
          out.add(m.warning("upstream " + u.name() + " is shared with an older Ingress whose backend protocol is "
              + u.protocol() + "; this Ingress's backend protocol " + mine.protocol() + " (" + BackendProtocols.FIELD
              + ") is not applied"));
        }
      }
      if (mine.check() == BackendResolver.Check.SETTINGS_AND_READY && u.unavailable()) {
        out.add(m.warning(mine.noReadyMessage()));
      }
    }
    return builder.proposal();
  }

  private static Duration connectTimeout(Collection<Resolution> members) {
    Duration longest = null;
    for (Resolution m : members) {
      longest = longest == null || m.connectTimeout().compareTo(longest) > 0 ? m.connectTimeout() : longest;
    }
    return longest;
  }

  /** gRPC needs HTTP/2 from the client, which only the TLS listener offers, and only with HTTP/2 on. */
  static void warnUnreachableGrpc(List<Upstream> upstreams, ListenerSettings listener, Diagnostics out) {
    if (listener.http2()) {
      return;
    }
    upstreams.stream().filter(u -> u.protocol().http2()).forEach(u -> out.add(new Diagnostic(Severity.WARNING, "",
        "", 0, "", "upstream " + u.name() + " speaks " + u.protocol() + ", but the class parameters turn HTTP/2 off, so"
        + " no gRPC client can reach it (gRPC needs HTTP/2 from the client)")));
  }
}
