package dev.ingressc.normalize;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.ir.ListenerSettings;
import dev.ingressc.ir.TrustedProxies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The step {@code select}: whether a checked Ingress is ours, with its class and parameters; and
 * what depends on the classes of all of them (the listener's HTTP/2).
 */
final class Select {
  /**
   * What class selection made of one checked Ingress: a function of it and of the classes,
   * parameters and options.
   *
   * @param selection null when the Ingress is not ours
   * @param notes what selection reported about it
   * @param taken null when not ours or rejected
   */
  record Selected(CheckedIngress checked, ClassSelector.Selection selection, List<Diagnostic> notes, Taken taken) {}

  private Select() {}

  static Selected one(ClassSelector selector, CheckedIngress checked) {
    List<Diagnostic> notes = new ArrayList<>(0);
    var sel = selector.select(checked.source(), checked.request(), notes::add);
    Taken t = sel.isPresent() && !checked.rejected() ? new Taken(checked, sel.get()) : null;
    return new Selected(checked, sel.orElse(null), List.copyOf(notes), t);
  }

  /**
   * HTTP/2 can be switched only per listening port (nginx 1.22), so it is one setting for all
   * hosts: off when the parameters of any class an Ingress of ours is of turn it off. When the
   * classes disagree, each class that turns it off gets a note.
   */
  static ListenerSettings listener(List<Selected> selected, List<CheckedClass> classes, Diagnostics out) {
    Map<String, Boolean> http2ByClass = new TreeMap<>();
    for (Selected s : selected) {
      if (s.selection() != null) {
        http2ByClass.putIfAbsent(s.selection().className(), s.selection().parameters().http2());
      }
    }
    boolean http2 = !http2ByClass.containsValue(false);
    if (!http2 && http2ByClass.containsValue(true)) {
      List<String> on = http2ByClass.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
      classes.stream()
          .filter(c -> Boolean.FALSE.equals(http2ByClass.get(c.name())))
          .forEach(c -> out.add(c.source().note("spec.parameters", "its parameters turn HTTP/2 off, so it is off on"
              + " the TLS listener for every host, also those of class(es) " + String.join(", ", on)
              + ", which leave it on: the proxies switch it per listening port")));
    }
    return new ListenerSettings(http2, trustedProxies(selected, classes, out));
  }

  /**
   * The proxies in front are trusted per listening socket too. Classes that disagree trust none:
   * the client address is then the connection's, and each class that names some is told why.
   */
  private static TrustedProxies trustedProxies(List<Selected> selected, List<CheckedClass> classes, Diagnostics out) {
    Map<String, TrustedProxies> byClass = new TreeMap<>();
    for (Selected s : selected) {
      if (s.selection() != null) {
        byClass.putIfAbsent(s.selection().className(), s.selection().parameters().trustedProxies());
      }
    }
    if (byClass.values().stream().distinct().count() <= 1) {
      return byClass.values().stream().findFirst().orElse(TrustedProxies.NONE);
    }
    classes.stream()
        .filter(c -> byClass.containsKey(c.name()) && byClass.get(c.name()).any())
        .forEach(c -> out.add(c.source().warning("spec.parameters", "its parameters trust proxies in front"
            + " (use-forwarded-headers) that the parameters of class(es) " + String.join(", ", byClass.keySet())
            + " do not all name alike; the listeners are shared, so no proxy is trusted and the client address"
            + " is the connection's for every host")));
    return TrustedProxies.NONE;
  }
}
