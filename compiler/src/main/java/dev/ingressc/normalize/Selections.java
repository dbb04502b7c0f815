package dev.ingressc.normalize;

import dev.ingressc.load.Located;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The memos of {@code check} and {@code select}, keyed by their own inputs: a check by the Ingress
 * instance (and {@code --strict} and the target's profile), a selection by the checked Ingress (for one set of classes,
 * parameters and options: the caller starts a new Selections when those change). A pass says which
 * taken Ingresses came (selected anew) and went (not seen again).
 */
final class Selections {
  /** One pass's selections, in the order of the input's Ingresses, and the taken Ingresses that came and went. */
  record Pass(List<Select.Selected> selected, List<Taken> came, List<Taken> went, int validated) {}

  private final boolean strict;
  private final dev.ingressc.TargetProfile target;
  /** Whether the checks and selections are kept for a next pass (a one-pass compile keeps none). */
  private final boolean keep;
  private Map<Located<Ingress>, CheckedIngress> checks = new IdentityHashMap<>();
  private Map<CheckedIngress, Select.Selected> selected = new IdentityHashMap<>();

  Selections(boolean strict, dev.ingressc.TargetProfile target, boolean keep) {
    this.strict = strict;
    this.target = target;
    this.keep = keep;
  }

  /** A new memo for other classes, parameters or options, keeping the checks when {@code --strict} and the target are the same. */
  Selections forEnvironment(boolean strict, dev.ingressc.TargetProfile target) {
    Selections next = new Selections(strict, target, keep);
    if (strict == this.strict && target.equals(this.target)) {
      next.checks = checks;
    }
    return next;
  }

  Pass run(List<Located<Ingress>> ingresses, ClassSelector selector) {
    Map<Located<Ingress>, CheckedIngress> lastChecks = checks;
    Map<CheckedIngress, Select.Selected> lastSelected = selected;
    checks = new IdentityHashMap<>(keep ? ingresses.size() : 0);
    selected = new IdentityHashMap<>(keep ? ingresses.size() : 0);
    List<Select.Selected> now = new ArrayList<>(ingresses.size());
    List<Taken> came = new ArrayList<>();
    int validated = 0;
    for (Located<Ingress> ing : ingresses) {
      CheckedIngress checked = lastChecks.get(ing);
      if (checked == null) {
        checked = CheckedIngress.of(ing, strict, target);
        validated++;
      }
      if (keep) {
        checks.put(ing, checked);
      }
      Select.Selected s = lastSelected.remove(checked);
      if (s == null) {
        s = Select.one(selector, checked);
        if (s.taken() != null) {
          came.add(s.taken());
        }
      }
      if (keep) {
        selected.put(checked, s);
      }
      now.add(s);
    }
    List<Taken> went = new ArrayList<>();
    lastSelected.values().forEach(s -> {
      if (s.taken() != null) {
        went.add(s.taken());
      }
    });
    return new Pass(now, came, went, validated);
  }
}
