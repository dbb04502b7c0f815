package dev.ingressc.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.diag.Severity;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Step 2 of the pipeline: the loaded objects, typed as fabric8 model objects ({@link ObjectTyping})
 * and indexed by identity. An object that does not fit its kind's schema, or that is defined twice
 * differently, is rejected here with a diagnostic; the others go on.
 */
public final class InputObjects {
  private final Map<ObjectKey, Located<Ingress>> ingresses = new TreeMap<>();
  private final Map<ObjectKey, Located<IngressClass>> ingressClasses = new TreeMap<>();
  // Looked up by key only, so hash maps; the maps iterated in order stay sorted.
  private final Map<ObjectKey, Located<Service>> services = new HashMap<>();
  private final Map<ObjectKey, Located<EndpointSlice>> endpointSlices = new HashMap<>();
  private final Map<ObjectKey, Located<Secret>> secrets = new HashMap<>();
  private final Map<ObjectKey, Located<ConfigMap>> configMaps = new HashMap<>();
  private final Map<ObjectKey, Located<ObjectNode>> parameters = new TreeMap<>();
  private final Diagnostics diagnostics = new Diagnostics();
  private final TypingCache cache;

  private InputObjects(TypingCache cache) {
    this.cache = cache;
  }

  /** Types every loaded object; problems go to the returned object's {@link #diagnostics()}. */
  public static InputObjects of(List<LoadedObject> loaded) {
    return of(loaded, new TypingCache());
  }

  /** As {@link #of(List)}, typing only the objects that {@code cache} did not see last time. */
  public static InputObjects of(List<LoadedObject> loaded, TypingCache cache) {
    InputObjects in = new InputObjects(cache);
    Map<ObjectKey, LoadedObject> first = new HashMap<>(loaded.size() * 2);
    Map<ObjectKey, List<LoadedObject>> repeated = new HashMap<>();
    for (LoadedObject o : loaded) {
      LoadedObject earlier = first.putIfAbsent(o.key(), o);
      if (earlier != null) {
        repeated.computeIfAbsent(o.key(), k -> new ArrayList<>(List.of(earlier))).add(o);
      }
    }
    first.forEach((key, o) -> {
      List<LoadedObject> copies = repeated.get(key);
      if (copies == null) {
        in.add(o);
      } else {
        in.addUnique(key, copies);
      }
    });
    cache.memo.endPass();
    return in;
  }

  /** Objects given already typed, e.g. from a cluster watch. */
  public static Builder builder() {
    return new Builder(new TypingCache());
  }

  /** As {@link #builder()}, keeping each object's {@link Located} while the object is the same instance. */
  public static Builder builder(TypingCache cache) {
    return new Builder(cache);
  }

  private void addUnique(ObjectKey key, List<LoadedObject> copies) {
    LoadedObject first = copies.get(0);
    boolean allSame = copies.stream().allMatch(c -> ObjectTyping.sameContent(c, first));
    if (!allSame) {
      // Which copy would win depends on input order, so none does: that keeps output deterministic.
      String where = copies.stream()
          .map(c -> c.source().file() + ":" + c.source().line())
          .sorted()
          .collect(Collectors.joining(", "));
      for (LoadedObject c : copies) {
        diagnostics.add(new Diagnostic(Severity.ERROR, key.display(), c.source().file(), c.source().line(), "",
            "defined " + copies.size() + " times with different content (" + where + "); every copy is rejected"));
      }
      return;
    }
    // Identical copies: keep the one that comes first by file and line, not by input order, so that
    // diagnostics about the object name the same place however the input is ordered.
    add(copies.stream()
        .min(java.util.Comparator.comparing((LoadedObject c) -> c.source().file())
            .thenComparingInt(c -> c.source().line()))
        .orElseThrow());
  }

  private void add(LoadedObject o) {
    switch (o.kind()) {
      case Kinds.INGRESS -> typed(o, Ingress.class, ingresses);
      case Kinds.INGRESS_CLASS -> typed(o, IngressClass.class, ingressClasses);
      case Kinds.SERVICE -> typed(o, Service.class, services);
      case Kinds.ENDPOINT_SLICE -> typed(o, EndpointSlice.class, endpointSlices);
      case Kinds.SECRET -> typed(o, Secret.class, secrets);
      case Kinds.CONFIG_MAP -> typed(o, ConfigMap.class, configMaps);
      case Kinds.INGRESS_PARAMETERS -> typed(o, ObjectNode.class, parameters);
      default -> throw new IllegalArgumentException("unexpected kind " + o.kind());
    }
  }

  @SuppressWarnings("unchecked")
  private <T> void typed(LoadedObject o, Class<T> type, Map<ObjectKey, Located<T>> into) {
    TypingCache.Typed t = cache.memo.get(o, x -> ObjectTyping.type(o, type));
    t.warnings().forEach(diagnostics::add);
    if (t.problem() != null) {
      diagnostics.add(t.problem());
    } else {
      into.put(o.key(), (Located<T>) t.located());
    }
  }

  public Diagnostics diagnostics() {
    return diagnostics;
  }

  public List<Located<Ingress>> ingresses() {
    return values(ingresses);
  }

  public List<Located<IngressClass>> ingressClasses() {
    return values(ingressClasses);
  }

  /** The IngressParameters objects, by key. */
  public List<Located<ObjectNode>> parameterObjects() {
    return values(parameters);
  }

  /** In no particular order: callers group them by Service and sort what they build. */
  public List<Located<EndpointSlice>> endpointSlices() {
    return values(endpointSlices);
  }

  public Located<Service> service(String namespace, String name) {
    return services.get(new ObjectKey(Kinds.SERVICE, namespace, name));
  }

  public Located<Secret> secret(String namespace, String name) {
    return secrets.get(new ObjectKey(Kinds.SECRET, namespace, name));
  }

  public Located<ConfigMap> configMap(String namespace, String name) {
    return configMaps.get(new ObjectKey(Kinds.CONFIG_MAP, namespace, name));
  }

  public Located<ObjectNode> parameters(String namespace, String name) {
    return parameters.get(new ObjectKey(Kinds.INGRESS_PARAMETERS, namespace, name));
  }

  public int size() {
    return ingresses.size() + ingressClasses.size() + services.size() + endpointSlices.size() + secrets.size()
        + configMaps.size() + parameters.size();
  }

  private static <T> List<T> values(Map<?, T> m) {
    return Collections.unmodifiableList(new ArrayList<>(m.values()));
  }

  /** Builds an input from typed objects (no files behind them). */
  public static final class Builder {
    private final InputObjects in;

    private Builder(TypingCache cache) {
      in = new InputObjects(cache);
    }

    public Builder ingress(Ingress i) {
      put(in.ingresses, Kinds.INGRESS, i.getMetadata().getNamespace(), i.getMetadata().getName(), i);
      return this;
    }

    public Builder ingressClass(IngressClass c) {
      put(in.ingressClasses, Kinds.INGRESS_CLASS, "", c.getMetadata().getName(), c);
      return this;
    }

    public Builder service(Service s) {
      put(in.services, Kinds.SERVICE, s.getMetadata().getNamespace(), s.getMetadata().getName(), s);
      return this;
    }

    public Builder endpointSlice(EndpointSlice s) {
      put(in.endpointSlices, Kinds.ENDPOINT_SLICE, s.getMetadata().getNamespace(), s.getMetadata().getName(), s);
      return this;
    }

    public Builder secret(Secret s) {
      put(in.secrets, Kinds.SECRET, s.getMetadata().getNamespace(), s.getMetadata().getName(), s);
      return this;
    }

    public Builder configMap(ConfigMap c) {
      put(in.configMaps, Kinds.CONFIG_MAP, c.getMetadata().getNamespace(), c.getMetadata().getName(), c);
      return this;
    }

    public Builder parameters(ObjectNode p) {
      String ns = p.path("metadata").path("namespace").asText("");
      String name = p.path("metadata").path("name").asText("");
      ObjectKey key = new ObjectKey(Kinds.INGRESS_PARAMETERS, ns, name);
      in.parameters.put(key, new Located<>(p, key, ObjectSource.synthetic("<cluster>")));
      return this;
    }

    /** The Located of an informer object is a function of the object, so it is kept while the object is. */
    @SuppressWarnings("unchecked")
    private <T> void put(Map<ObjectKey, Located<T>> m, String kind, String ns, String name, T value) {
      Located<T> located = (Located<T>) in.cache.memo.get(value, v -> {
        String namespace = kind.equals(Kinds.INGRESS_CLASS) ? "" : ns == null || ns.isEmpty() ? "default" : ns;
        ObjectKey key = new ObjectKey(kind, namespace, name);
        return new TypingCache.Typed(new Located<>(value, key, ObjectSource.synthetic("<cluster>")), null);
      }).located();
      m.put(located.key(), located);
    }

    /** Ends the input; call once. */
    public InputObjects build() {
      in.cache.memo.endPass();
      return in;
    }
  }
}
