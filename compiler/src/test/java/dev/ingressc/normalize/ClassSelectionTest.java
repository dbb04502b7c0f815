package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.ingressc.testkit.fixtures.IngressManifest;

/** Which Ingresses are ours: IngressClass by field, by annotation, the default class, and --ingress-class. */
class ClassSelectionTest {
  static final String OURS = CompileOptions.DEFAULT_CONTROLLER;
  static final String THEIRS = "k8s.io/ingress-nginx";

  static IngressManifest ing(String name) {
    return Manifests.ingress(name).rule(name + ".example.com").path("/", "Prefix", "web", 80);
  }

  static Compiled compile(CompileOptions options, String... docs) {
    List<String> all = new ArrayList<>(List.of(docs));
    all.add(Manifests.service("web", 80));
    return Compiled.of(Manifests.join(all), options);
  }

  static Compiled compile(String... docs) {
    return compile(CompileOptions.defaults(), docs);
  }

  @Test
  void byFieldByAnnotationAndFieldFirst() {
    Compiled c = compile(
        Manifests.ingressClass("mine", OURS, false),
        Manifests.ingressClass("nginx", THEIRS, false),
        ing("by-field").className("mine").yaml(),
        ing("by-annotation").annotation("kubernetes.io/ingress.class", "mine").yaml(),
        ing("theirs-field").className("nginx").yaml(),
        ing("theirs-annotation").annotation("kubernetes.io/ingress.class", "nginx").yaml(),
        // the field wins over the annotation, both ways
        ing("field-theirs-annotation-mine").className("nginx").annotation("kubernetes.io/ingress.class", "mine").yaml(),
        ing("field-mine-annotation-theirs").className("mine").annotation("kubernetes.io/ingress.class", "nginx").yaml());
    assertThat(c.compilation().takenIngresses()).containsExactlyInAnyOrder(
        "default/by-field", "default/by-annotation", "default/field-mine-annotation-theirs");
    assertThat(c.target("by-field.example.com", "/")).isEqualTo("web");
    assertThat(c.target("theirs-field.example.com", "/")).isEqualTo("404");
    assertThat(c.diagnostics(Severity.ERROR)).isEmpty();
    assertThat(c.diagnostics(Severity.NOTE)).filteredOn(d -> d.object().equals("Ingress default/theirs-field"))
        .extracting(Diagnostic::field, Diagnostic::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("spec.ingressClassName",
            "not ours: IngressClass nginx belongs to controller \"" + THEIRS + "\""));
    assertThat(c.diagnostics(Severity.NOTE)).filteredOn(d -> d.object().equals("Ingress default/theirs-annotation"))
        .extracting(Diagnostic::field).containsExactly("metadata.annotations[kubernetes.io/ingress.class]");
  }

  @Test
  void noClassGoesToTheSingleDefaultClassIfItIsOurs() {
    Compiled ours = compile(
        Manifests.ingressClass("mine", OURS, true),
        Manifests.ingressClass("nginx", THEIRS, false),
        ing("classless").yaml());
    assertThat(ours.compilation().takenIngresses()).containsExactly("default/classless");

    Compiled theirs = compile(
        Manifests.ingressClass("mine", OURS, false),
        Manifests.ingressClass("nginx", THEIRS, true),
        ing("classless").yaml());
    assertThat(theirs.compilation().takenIngresses()).isEmpty();
    assertThat(theirs.diagnostics(Severity.ERROR)).isEmpty();
  }

  @Test
  void noClassAndNoDefaultClassIsNotOurs() {
    Compiled c = compile(Manifests.ingressClass("mine", OURS, false), ing("classless").yaml());
    assertThat(c.compilation().takenIngresses()).isEmpty();
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Severity.NOTE, "not ours: it names no class and no IngressClass is the default"));
  }

  @Test
  void severalDefaultClassesRejectAnIngressWithoutClass() {
    Compiled c = compile(
        Manifests.ingressClass("b-mine", OURS, true),
        Manifests.ingressClass("a-nginx", THEIRS, true),
        ing("classless").yaml(),
        ing("named").className("b-mine").yaml());
    assertThat(c.compilation().takenIngresses()).containsExactly("default/named");
    assertThat(c.diagnostics(Severity.ERROR)).extracting(Diagnostic::object, Diagnostic::field, Diagnostic::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Ingress default/classless", "spec.ingressClassName",
            "the Ingress names no class and there are 2 default IngressClasses (a-nginx, b-mine); set"
                + " spec.ingressClassName. The Ingress is rejected"));
  }

  @Test
  void unknownClassIsNotOursEvenWithAnOwnDefaultClass() {
    Compiled c = compile(
        Manifests.ingressClass("mine", OURS, true),
        ing("unknown").className("ghost").yaml(),
        ing("unknown-annotation").annotation("kubernetes.io/ingress.class", "ghost").yaml());
    assertThat(c.compilation().takenIngresses()).isEmpty();
    assertThat(c.diagnostics(Severity.NOTE)).extracting(Diagnostic::message)
        .containsOnly("not ours: IngressClass \"ghost\" is not in the input");
  }

  @Test
  void controllerOption() {
    CompileOptions other = CompileOptions.defaults().withController(THEIRS);
    Compiled c = compile(other,
        Manifests.ingressClass("mine", OURS, false),
        Manifests.ingressClass("nginx", THEIRS, false),
        ing("a").className("mine").yaml(),
        ing("b").className("nginx").yaml());
    assertThat(c.compilation().takenIngresses()).containsExactly("default/b");
  }

  @Test
  void withoutIngressClassEveryIngressIsTaken() {
    Compiled c = compile(
        ing("none").yaml(),
        ing("field").className("anything").yaml(),
        ing("annotation").annotation("kubernetes.io/ingress.class", "nginx").yaml());
    assertThat(c.compilation().takenIngresses()).containsExactlyInAnyOrder("default/none", "default/field",
        "default/annotation");
    assertThat(c.diagnostics()).isEmpty();
  }

  @Test
  void withoutIngressClassTheIngressClassOptionFilters() {
    Compiled c = compile(CompileOptions.defaults().withIngressClass("public"),
        ing("none").yaml(),
        ing("field").className("public").yaml(),
        ing("annotation").annotation("kubernetes.io/ingress.class", "public").yaml(),
        ing("other-field").className("internal").yaml(),
        ing("other-annotation").annotation("kubernetes.io/ingress.class", "internal").yaml());
    assertThat(c.compilation().takenIngresses()).containsExactlyInAnyOrder("default/field", "default/annotation");
    assertThat(c.target("field.example.com", "/")).isEqualTo("web");
    assertThat(c.target("other-field.example.com", "/")).isEqualTo("404");
    assertThat(c.diagnostics(Severity.NOTE)).filteredOn(d -> d.object().equals("Ingress default/other-field"))
        .extracting(Diagnostic::message)
        .containsExactly("not ours: it names class \"internal\", not \"public\" (--ingress-class)");
  }
}
