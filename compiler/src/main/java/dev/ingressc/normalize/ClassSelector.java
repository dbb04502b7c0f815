package dev.ingressc.normalize;

import dev.ingressc.CompileOptions;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.load.InputObjects;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides which Ingresses are ours, following the IngressClass rules: the class named by
 * {@code spec.ingressClassName} (else the legacy annotation), else the single default class.
 */
public final class ClassSelector {
  public static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";
  public static final String DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

  /** An Ingress we take, with its class (empty when the input has no IngressClass) and parameters. */
  public record Selection(String className, ClassParameters parameters) {}

  /**
   * The class an Ingress asks for and the field that asks; a function of the Ingress alone.
   *
   * @param className the field, else the legacy annotation; empty when neither
   * @param field where it was asked, for diagnostics
   */
  public record Request(String className, String field) {
    public static Request of(Ingress i) {
      String field = i.getSpec() != null && i.getSpec().getIngressClassName() != null
          && !i.getSpec().getIngressClassName().isEmpty()
          ? "spec.ingressClassName" : "metadata.annotations[" + CLASS_ANNOTATION + "]";
      return new Request(requestedClass(i), field);
    }
  }

  private final CompileOptions options;
  private final Diagnostics diagnostics;
  private final Map<String, Located<IngressClass>> classes;
  private final List<Located<IngressClass>> defaults;
  private final Map<String, ClassParameters> parameters = new HashMap<>();
  private final ParametersResolver resolver;

  public ClassSelector(InputObjects in, CompileOptions options, Diagnostics diagnostics) {
    this.options = options;
    this.diagnostics = diagnostics;
    this.resolver = new ParametersResolver(in, diagnostics);
    this.classes = in.ingressClasses().stream()
        .collect(Collectors.toMap(c -> c.key().name(), c -> c, (a, b) -> a, java.util.TreeMap::new));
    this.defaults = in.ingressClasses().stream()
        .filter(c -> "true".equals(annotation(c.value().getMetadata().getAnnotations(), DEFAULT_CLASS_ANNOTATION)))
        .toList();
  }

  /** The class the Ingress asks for: the field, else the legacy annotation; empty when neither. */
  public static String requestedClass(Ingress i) {
    String field = i.getSpec() == null ? null : i.getSpec().getIngressClassName();
    if (field != null && !field.isEmpty()) {
      return field;
    }
    String annotation = annotation(i.getMetadata().getAnnotations(), CLASS_ANNOTATION);
    return annotation == null ? "" : annotation;
  }

  /** Whether the Ingress is ours; reasons for "not ours" go out as notes, refusals as errors. */
  public Optional<Selection> select(Located<Ingress> ing) {
    return select(ing, Request.of(ing.value()));
  }

  /** As {@link #select(Located)}, with what the Ingress asks for already read. */
  public Optional<Selection> select(Located<Ingress> ing, Request request) {
    return select(ing, request, diagnostics::add);
  }

  /** As {@link #select(Located, Request)}, handing what it finds about the Ingress to {@code sink}. */
  Optional<Selection> select(Located<Ingress> ing, Request request, java.util.function.Consumer<dev.ingressc.diag.Diagnostic> sink) {
    return select(IngressSource.of(ing), request, sink);
  }

  /** As {@link #select(Located, Request)}, for an Ingress known by its source alone (after {@code check}). */
  Optional<Selection> select(IngressSource ing, Request request, java.util.function.Consumer<dev.ingressc.diag.Diagnostic> sink) {
    String requested = request.className();
    String field = request.field();
    if (classes.isEmpty()) {
      if (options.ingressClass().isPresent() && !options.ingressClass().get().equals(requested)) {
        sink.accept(ing.note(field, "not ours: it names class " + Names.quote(requested) + ", not "
            + Names.quote(options.ingressClass().get()) + " (--ingress-class)"));
        return Optional.empty();
      }
      return Optional.of(new Selection(requested, ClassParameters.DEFAULTS));
    }
    if (options.ingressClass().isPresent() && !requested.isEmpty() && !options.ingressClass().get().equals(requested)) {
      sink.accept(ing.note(field, "not ours: it names class " + Names.quote(requested) + ", not "
          + Names.quote(options.ingressClass().get()) + " (--ingress-class)"));
      return Optional.empty();
    }
    if (!requested.isEmpty()) {
      Located<IngressClass> cls = classes.get(requested);
      if (cls == null) {
        sink.accept(ing.note(field, "not ours: IngressClass " + Names.quote(requested) + " is not in the input"));
        return Optional.empty();
      }
      return ours(ing, cls, field, sink);
    }
    if (defaults.size() > 1) {
      sink.accept(ing.error("spec.ingressClassName", "the Ingress names no class and there are "
          + defaults.size() + " default IngressClasses ("
          + defaults.stream().map(c -> c.key().name()).collect(Collectors.joining(", "))
          + "); set spec.ingressClassName. The Ingress is rejected"));
      return Optional.empty();
    }
    if (defaults.isEmpty()) {
      sink.accept(ing.note("spec.ingressClassName", "not ours: it names no class and no IngressClass is the default"));
      return Optional.empty();
    }
    return ours(ing, defaults.get(0), "spec.ingressClassName", sink);
  }

  private Optional<Selection> ours(IngressSource ing, Located<IngressClass> cls, String field,
      java.util.function.Consumer<dev.ingressc.diag.Diagnostic> sink) {
    String controller = cls.value().getSpec() == null ? null : cls.value().getSpec().getController();
    if (!options.controller().equals(controller)) {
      sink.accept(ing.note(field, "not ours: IngressClass " + cls.key().name() + " belongs to controller "
          + Names.quote(String.valueOf(controller))));
      return Optional.empty();
    }
    String name = cls.key().name();
    ClassParameters p = parameters.computeIfAbsent(name, n -> resolver.resolve(cls));
    return Optional.of(new Selection(name, p));
  }

  /** The code of {@link #nothingOurs}'s warning. */
  public static final String NOTHING_OURS = "class.nothing-ours";

  /**
   * When no Ingress is ours and some ask for classes of other controllers (a cluster's ingress-nginx
   * class, typically), a warning that names those controllers and says how to take their Ingresses.
   *
   * @param unclaimed what each Ingress that is not ours asks for
   */
  public Optional<dev.ingressc.diag.Diagnostic> nothingOurs(List<Request> unclaimed) {
    Map<String, Integer> perClass = new java.util.TreeMap<>();
    for (Request r : unclaimed) {
      Located<IngressClass> cls = r.className().isEmpty() ? (defaults.size() == 1 ? defaults.get(0) : null)
          : classes.get(r.className());
      String controller = cls == null || cls.value().getSpec() == null ? null : cls.value().getSpec().getController();
      if (controller != null && !controller.equals(options.controller())) {
        perClass.merge(cls.key().name(), 1, Integer::sum);
      }
    }
    if (perClass.isEmpty()) {
      return Optional.empty();
    }
    List<String> found = new java.util.ArrayList<>();
    perClass.forEach((name, n) -> found.add(n + " of class " + Names.quote(name) + " (controller "
        + Names.quote(classes.get(name).value().getSpec().getController()) + ")"));
    // The suggestion: the class with the most Ingresses (the first by name on a tie), and its controller.
    String first = perClass.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
        .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).orElseThrow().getKey();
    long controllers = perClass.keySet().stream().map(n -> classes.get(n).value().getSpec().getController()).distinct().count();
    String message = "no Ingress is ours: ingressc takes the Ingresses of classes whose spec.controller is "
        + Names.quote(options.controller()) + " (--controller), and the input's are " + String.join(", ", found)
        + ". To compile them, run with --controller " + classes.get(first).value().getSpec().getController()
        + (controllers > 1 ? " (one controller per run)" : "") + ", and with --ingress-class " + first
        + " to take that class only";
    return Optional.of(new dev.ingressc.diag.Diagnostic(dev.ingressc.diag.Severity.WARNING, "", "", 0, "", message,
        NOTHING_OURS));
  }

  private static String annotation(Map<String, String> annotations, String key) {
    return annotations == null ? null : annotations.get(key);
  }
}
