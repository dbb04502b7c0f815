package dev.ingressc.normalize;

import dev.ingressc.CompileOptions;
import dev.ingressc.diag.Diagnostics;
import dev.ingressc.validate.Names;
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
   * The class an Ingress asks for and the field that asks; a function of the Ingress alone, read
   * by {@link ClassRequests} in the step {@code check}.
   *
   * @param className the field, else the legacy annotation; empty when neither
   * @param field where it was asked, for diagnostics
   */
  public record Request(String className, String field) {}

  private final CompileOptions options;
  private final Map<String, CheckedClass> classes;
  private final List<CheckedClass> defaults;
  private final Map<String, ClassParameters> parameters = new HashMap<>();
  private final ParametersResolver resolver;

  ClassSelector(CheckedObjects.Inputs in, CompileOptions options, Diagnostics diagnostics) {
    this.options = options;
    this.resolver = new ParametersResolver(in, diagnostics);
    this.classes = in.classes().stream()
        .collect(Collectors.toMap(CheckedClass::name, c -> c, (a, b) -> a, java.util.TreeMap::new));
    this.defaults = in.classes().stream().filter(CheckedClass::isDefault).toList();
  }

  /** Whether the Ingress is ours; reasons for "not ours" go out to {@code sink} as notes, refusals as errors. */
  Optional<Selection> select(InputSource ing, Request request, java.util.function.Consumer<dev.ingressc.diag.Diagnostic> sink) {
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
      CheckedClass cls = classes.get(requested);
      if (cls == null) {
        sink.accept(ing.note(field, "not ours: IngressClass " + Names.quote(requested) + " is not in the input"));
        return Optional.empty();
      }
      return ours(ing, cls, field, sink);
    }
    if (defaults.size() > 1) {
      sink.accept(ing.error("spec.ingressClassName", "the Ingress names no class and there are "
          + defaults.size() + " default IngressClasses ("
          + defaults.stream().map(CheckedClass::name).collect(Collectors.joining(", "))
          + "); set spec.ingressClassName. The Ingress is rejected"));
      return Optional.empty();
    }
    if (defaults.isEmpty()) {
      sink.accept(ing.note("spec.ingressClassName", "not ours: it names no class and no IngressClass is the default"));
      return Optional.empty();
    }
    return ours(ing, defaults.get(0), "spec.ingressClassName", sink);
  }

  private Optional<Selection> ours(InputSource ing, CheckedClass cls, String field,
      java.util.function.Consumer<dev.ingressc.diag.Diagnostic> sink) {
    String controller = cls.controller();
    if (!options.controller().equals(controller)) {
      sink.accept(ing.note(field, "not ours: IngressClass " + cls.name() + " belongs to controller "
          + Names.quote(String.valueOf(controller))));
      return Optional.empty();
    }
    String name = cls.name();
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
      CheckedClass cls = r.className().isEmpty() ? (defaults.size() == 1 ? defaults.get(0) : null)
          : classes.get(r.className());
      String controller = cls == null ? null : cls.controller();
      if (controller != null && !controller.equals(options.controller())) {
        perClass.merge(cls.name(), 1, Integer::sum);
      }
    }
    if (perClass.isEmpty()) {
      return Optional.empty();
    }
    List<String> found = new java.util.ArrayList<>();
    perClass.forEach((name, n) -> found.add(n + " of class " + Names.quote(name) + " (controller "
        + Names.quote(classes.get(name).controller()) + ")"));
    // The suggestion: the class with the most Ingresses (the first by name on a tie), and its controller.
    String first = perClass.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
        .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).orElseThrow().getKey();
    long controllers = perClass.keySet().stream().map(n -> classes.get(n).controller()).distinct().count();
    String message = "no Ingress is ours: ingressc takes the Ingresses of classes whose spec.controller is "
        + Names.quote(options.controller()) + " (--controller), and the input's are " + String.join(", ", found)
        + ". To compile them, run with --controller " + classes.get(first).controller()
        + (controllers > 1 ? " (one controller per run)" : "") + ", and with --ingress-class " + first
        + " to take that class only";
    return Optional.of(new dev.ingressc.diag.Diagnostic(dev.ingressc.diag.Severity.WARNING, "", "", 0, "", message,
        NOTHING_OURS));
  }
}
