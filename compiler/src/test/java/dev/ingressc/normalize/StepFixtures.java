package dev.ingressc.normalize;

import dev.ingressc.load.InputObjects;
import dev.ingressc.load.Loader;
import dev.ingressc.testkit.fixtures.Manifests;

/** Checked Ingresses from manifests, for the steps' table tests. */
final class StepFixtures {
  private StepFixtures() {}

  /** The check step's output for one Ingress manifest. */
  static CheckedIngress checked(String ingressYaml) {
    InputObjects in = InputObjects.of(Loader.loadText("t.yaml", ingressYaml).objects());
    return CheckedIngress.of(in.ingresses().get(0), false);
  }

  /** A taken Ingress of the default class and parameters. */
  static Taken taken(String ingressYaml) {
    return new Taken(checked(ingressYaml), new ClassSelector.Selection("", ClassParameters.DEFAULTS));
  }

  static Taken taken(String name, String created, String host, String path, String service) {
    return taken(Manifests.ingress(name).created(created).rule(host).path(path, "Prefix", service, 80).yaml());
  }
}
