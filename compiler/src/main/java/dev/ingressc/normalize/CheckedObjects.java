package dev.ingressc.normalize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ingressc.load.InputObjects;
import dev.ingressc.load.Located;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The step {@code check} for the objects other than Ingresses (those are checked by
 * {@link Selections}): each Service, EndpointSlice, IngressClass, ConfigMap and Secret becomes its
 * typed record once per object instance, kept from one pass to the next while the instance is
 * found again. Every later step reads objects through a pass's {@link Inputs}, never as fabric8
 * objects. Not thread-safe: one pass at a time.
 */
final class CheckedObjects {
  private Map<Located<?>, Object> last = new IdentityHashMap<>();
  private Map<Located<?>, Object> current = new IdentityHashMap<>();
  /** Auth Secrets apart: a Secret is read as a TLS Secret and as an auth Secret by different checks. */
  private Map<Located<?>, Object> lastAuth = new IdentityHashMap<>();
  private Map<Located<?>, Object> currentAuth = new IdentityHashMap<>();

  /** This pass's view of {@code in}. */
  Inputs of(InputObjects in) {
    return new Inputs(in);
  }

  /** Forgets the records of objects this pass did not read. */
  void endPass() {
    last = current;
    current = new IdentityHashMap<>(Math.max(16, last.size()));
    lastAuth = currentAuth;
    currentAuth = new IdentityHashMap<>();
  }

  private <T, R> R checked(Located<T> located, Function<Located<T>, R> check) {
    return checked(located, check, current, last);
  }

  @SuppressWarnings("unchecked")
  private static <T, R> R checked(Located<T> located, Function<Located<T>, R> check, Map<Located<?>, Object> current,
      Map<Located<?>, Object> last) {
    if (located == null) {
      return null;
    }
    Object r = current.get(located);
    if (r == null) {
      r = last.get(located);
      if (r == null) {
        r = check.apply(located);
      }
      current.put(located, r);
    }
    return (R) r;
  }

  /** One pass's inputs, as checked records. */
  final class Inputs {
    private final InputObjects in;
    private Map<String, List<CheckedSlice>> slicesByService;
    private List<CheckedClass> classes;

    private Inputs(InputObjects in) {
      this.in = in;
    }

    /** Service {@code namespace/name}, or null. */
    CheckedService service(String namespace, String name) {
      return checked(in.service(namespace, name), CheckedService::of);
    }

    /** The EndpointSlices labelled for Service {@code namespace/name}, in no particular order. */
    List<CheckedSlice> slices(String serviceKey) {
      if (slicesByService == null) {
        slicesByService = new HashMap<>(in.endpointSlices().size() * 4 / 3 + 1);
        for (var s : in.endpointSlices()) {
          CheckedSlice slice = checked(s, CheckedSlice::of);
          if (slice.serviceKey() != null) {
            slicesByService.computeIfAbsent(slice.serviceKey(), k -> new ArrayList<>()).add(slice);
          }
        }
      }
      return slicesByService.getOrDefault(serviceKey, List.of());
    }

    /** The IngressClasses, by name. */
    List<CheckedClass> classes() {
      if (classes == null) {
        classes = in.ingressClasses().stream().map(c -> (CheckedClass) checked(c, CheckedClass::of)).toList();
      }
      return classes;
    }

    /** ConfigMap {@code namespace/name}, or null. */
    CheckedConfigMap configMap(String namespace, String name) {
      return checked(in.configMap(namespace, name), CheckedConfigMap::of);
    }

    /** IngressParameters {@code namespace/name} (a Jackson tree, no fabric8 type), or null. */
    Located<ObjectNode> parameters(String namespace, String name) {
      return in.parameters(namespace, name);
    }

    /** Secret {@code namespace/name} checked: usable, or why not. */
    SecretCheck.Outcome secret(String namespace, String name) {
      SecretCheck.Outcome o = checked(in.secret(namespace, name), SecretCheck::check);
      return o != null ? o : SecretCheck.missing(namespace);
    }

    /** Secret {@code namespace/name} read as an auth Secret (its data as text), or null when there is none. */
    CheckedAuthSecret authSecret(String namespace, String name) {
      return checked(in.secret(namespace, name), CheckedAuthSecret::of, currentAuth, lastAuth);
    }

    /**
     * What class selection and parameters read: the classes, the IngressParameters, and the
     * ConfigMaps classes name as parameters (null where missing), in a fixed order. Other
     * ConfigMaps (a cluster has many) do not matter.
     */
    List<Located<?>> classInputs() {
      List<Located<?>> out = new ArrayList<>(in.ingressClasses());
      out.addAll(in.parameterObjects());
      for (CheckedClass c : classes()) {
        if (c.parameters() != null && c.parameters().namesConfigMap()) {
          out.add(in.configMap(c.parameters().namespace(), c.parameters().name()));
        }
      }
      return out;
    }
  }
}
