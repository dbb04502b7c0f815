package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.haproxy.HaproxyView.AppRootRule;
import dev.ingressc.ir.IngressIR;
import java.util.List;

/**
 * The hosts with app-root, in the IR's host order: the frontend answers their {@code /} with a
 * redirect rule after the https redirects and before any backend is chosen.
 */
final class AppRootRules {
  private AppRootRules() {}

  static List<AppRootRule> of(IngressIR ir, String catchAll) {
    return ir.virtualHosts().stream().filter(v -> v.appRoot().isPresent())
        .map(v -> new AppRootRule(v.isCatchAll() ? catchAll : v.host(), v.appRoot().get().path()))
        .toList();
  }

}
