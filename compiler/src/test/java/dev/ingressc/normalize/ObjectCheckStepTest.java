package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.load.InputObjects;
import dev.ingressc.load.Loader;
import dev.ingressc.testkit.fixtures.Manifests;
import dev.ingressc.testkit.fixtures.TestCerts;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The step check for the objects other than Ingresses: each Service, EndpointSlice, IngressClass,
 * ConfigMap and Secret becomes a typed record (what the later steps read instead of the fabric8
 * object), once per object instance.
 */
class ObjectCheckStepTest {

  private static InputObjects in(String... docs) {
    return InputObjects.of(Loader.loadText("in.yaml", Manifests.join(docs)).objects());
  }

  private static CheckedObjects.Inputs checked(String... docs) {
    return new CheckedObjects().of(in(docs));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      // ports as written                          | type          | externalName | ports checked
      "'  - port: 80\n    name: http\n'            | ''            | ''           | http:80",
      "'  - port: 80\n'                            | ''            | ''           | null:80",
      "'  - port: 80\n    name: \"\"\n'            | ''            | ''           | :80",
      "'  - name: web\n'                           | ''            | ''           | web:null",
      "'  - port: 80\n  type: ExternalName\n  externalName: Db.Example.COM\n' | ExternalName | Db.Example.COM | null:80",
      "'    []\n'                                  | ''            | ''           | ''"})
  void aServiceKeepsWhatResolvingReads(String portsYaml, String type, String externalName, String ports) {
    CheckedService s = checked("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n"
        + "  labels: {app: web}\nspec:\n  ports:\n" + portsYaml).service("shop", "web");
    assertThat(s.type()).isEqualTo(type);
    assertThat(s.externalName()).isEqualTo(externalName);
    assertThat(s.isExternalName()).isEqualTo(type.equals("ExternalName"));
    assertThat(s.ports()).containsExactlyElementsOf(ports.isEmpty() ? List.of() : Arrays.stream(ports.split(",")).map(p -> {
      String[] nn = p.split(":", -1);
      return new CheckedService.Port(nn[0].equals("null") ? null : nn[0], nn[1].equals("null") ? null : Integer.valueOf(nn[1]));
    }).toList());
    assertThat(s.source().key().display()).contains("shop/web");
  }

  @Test
  void aMissingServiceIsNull() {
    assertThat(checked(Manifests.service("web", 80)).service("default", "other")).isNull();
  }

  @Test
  void servicesResolveAlikeWhenWhatIsReadIsEqualAndAtTheSamePlace() {
    CheckedService web = checked(Manifests.service("web", 80)).service("default", "web");
    CheckedService relabelled = checked(Manifests.service("web", 80) + "  selector: {app: web}\n").service("default", "web");
    CheckedService otherPort = checked(Manifests.service("web", 81)).service("default", "web");
    CheckedService external = checked(Manifests.externalName("web", "db.example.com", 80)).service("default", "web");
    CheckedService externalLower = checked("# moved down a line\n" + Manifests.externalName("web", "db.example.com", 80))
        .service("default", "web");
    assertThat(relabelled.source().source().document()).isNotEqualTo(web.source().source().document());
    assertThat(web.resolvesAlike(relabelled)).as("the selector is not read").isTrue();
    assertThat(web.resolvesAlike(otherPort)).isFalse();
    assertThat(web.resolvesAlike(external)).isFalse();
    assertThat(external.resolvesAlike(externalLower)).as("a bad externalName is reported at another line").isFalse();
    assertThat(web.resolvesAlike(null)).isFalse();
  }

  @Test
  void aSliceKeepsEveryEndpointInOrderWithItsReadiness() {
    String yaml = Manifests.endpointSlice("default", "web-1", "web", "http", 8080, Manifests.ready("10.0.0.1"),
        Manifests.notReady("10.0.0.2"), Manifests.unknown("FE80::1"));
    List<CheckedSlice> slices = checked(yaml).slices("default/web");
    assertThat(slices).hasSize(1);
    CheckedSlice s = slices.get(0);
    assertThat(s.serviceName()).isEqualTo("web");
    assertThat(s.addressType()).isEqualTo("IPv4");
    assertThat(s.ports()).containsExactly(new CheckedSlice.Port("http", 8080));
    assertThat(s.endpoints()).containsExactly(new CheckedSlice.SliceEndpoint(List.of("10.0.0.1"), true),
        new CheckedSlice.SliceEndpoint(List.of("10.0.0.2"), false),
        new CheckedSlice.SliceEndpoint(List.of("fe80::1"), true));
    // Diagnostics name the field at its line, in its file.
    int line = Manifests.join(yaml).lines().toList().indexOf("- addresses: [\"FE80::1\"]") + 1;
    assertThat(s.source().warning("endpoints[2].addresses[0]", "x").line()).isEqualTo(line);
    assertThat(s.source().warning("endpoints[2].addresses[0]", "x").file()).isEqualTo("in.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // the slice                                               | ports | endpoints
      "no ports | 'addressType: IPv6\nendpoints:\n- addresses: [\"::1\"]\n' | 0 | 1",
      "no endpoints | 'ports:\n- port: 80\n'                             | 1 | 0",
      "no address type | 'ports:\n- port: 80\nendpoints:\n- addresses: [\"10.0.0.1\"]\n- conditions: {ready: true}\n' | 1 | 2"})
  void aSliceKeepsItsPortsAndEndpointsAsWritten(String what, String body, int ports, int endpoints) {
    CheckedSlice s = checked("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: web-1\n"
        + "  namespace: default\n  labels:\n    kubernetes.io/service-name: web\n" + body).slices("default/web").get(0);
    assertThat(s.ports()).hasSize(ports);
    assertThat(s.endpoints()).hasSize(endpoints);
    if (endpoints == 2) {
      assertThat(s.addressType()).isEqualTo("IPv4");
      assertThat(s.ports()).containsExactly(new CheckedSlice.Port("", 80));
      assertThat(s.endpoints().get(1)).isEqualTo(new CheckedSlice.SliceEndpoint(List.of(), true));
    }
  }

  @Test
  void aSliceWithoutTheServiceLabelBelongsToNoService() {
    InputObjects in = in(Manifests.slice("web", "", 80, "10.0.0.1").replace("    kubernetes.io/service-name: web\n",
        "    app: web\n"));
    assertThat(new CheckedObjects().of(in).slices("default/web")).isEmpty();
    assertThat(CheckedSlice.of(in.endpointSlices().get(0)).serviceName()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      // name | controller    | default | parameters as written | scope;apiGroup;kind;name;namespace
      "plain  | example.com/c | false | null                                                         | null",
      "dflt   | example.com/c | true  | null                                                         | null",
      "cm     | example.com/c | false | '  parameters:\n    scope: Namespace\n    kind: ConfigMap\n    namespace: ns\n    name: p\n' | Namespace;;ConfigMap;p;ns",
      "ip     | example.com/c | false | '  parameters:\n    apiGroup: ingressc.dev\n    kind: IngressParameters\n    name: p\n' | ;ingressc.dev;IngressParameters;p;"})
  void aClassKeepsItsControllerDefaultAndParameters(String name, String controller, boolean isDefault, String extra,
      String ref) {
    CheckedClass c = checked(Manifests.ingressClass(name, controller, isDefault, extra)).classes().get(0);
    assertThat(c.name()).isEqualTo(name);
    assertThat(c.controller()).isEqualTo(controller);
    assertThat(c.isDefault()).isEqualTo(isDefault);
    if (ref == null) {
      assertThat(c.parameters()).isNull();
    } else {
      String[] f = ref.split(";", -1);
      assertThat(c.parameters()).isEqualTo(new CheckedClass.ParametersRef(f[0], f[1], f[2], f[3], f[4]));
      assertThat(c.parameters().namesConfigMap()).isEqualTo(name.equals("cm"));
    }
  }

  @Test
  void aClassWithoutSpecOrWithADefaultAnnotationOtherThanTrueIsNoDefault() {
    CheckedClass c = checked("apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: x\n"
        + "  annotations:\n    ingressclass.kubernetes.io/is-default-class: \"True\"\n").classes().get(0);
    assertThat(c.controller()).isNull();
    assertThat(c.isDefault()).isFalse();
    assertThat(c.parameters()).isNull();
  }

  @Test
  void aConfigMapKeepsItsDataByKey() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("z", "1");
    data.put("a", "2");
    CheckedConfigMap cm = checked(Manifests.configMap("ns", "p", data)).configMap("ns", "p");
    assertThat(cm.data()).containsExactly(Map.entry("a", "2"), Map.entry("z", "1"));
    assertThat(checked("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\n  namespace: ns\n").configMap("ns", "p")
        .data()).isEmpty();
  }

  @Test
  void aSecretIsCheckedToARecordOrAProblem() {
    TestCerts.Cert cert = TestCerts.selfSigned("a.com", "*.b.com");
    CheckedObjects.Inputs in = checked(Manifests.tlsSecret("ns", "good", cert.certificatePem(), cert.pkcs8KeyPem()),
        Manifests.secret("ns", "opaque", "Opaque", null, cert.pkcs8KeyPem()),
        Manifests.secret("ns", "nocrt", "kubernetes.io/tls", null, cert.pkcs8KeyPem()));
    SecretCheck.Outcome good = in.secret("ns", "good");
    assertThat(good.secret()).isPresent();
    assertThat(good.secret().get().id()).isEqualTo("ns/good");
    assertThat(good.secret().get().names()).containsExactly("*.b.com", "a.com");
    assertThat(in.secret("ns", "opaque").problem())
        .isEqualTo("has type Opaque; it must be kubernetes.io/tls, or Opaque with tls.crt and tls.key");
    assertThat(in.secret("ns", "nocrt").problem()).isEqualTo("has no tls.crt");
    assertThat(in.secret("ns", "gone").problem()).isEqualTo("does not exist in namespace ns");
  }

  @Test
  void eachObjectInstanceIsCheckedOnceAcrossPasses() {
    CheckedObjects memo = new CheckedObjects();
    InputObjects first = in(Manifests.serviceAndSlice("web", 80, 8080, "10.0.0.1"),
        Manifests.ingressClass("c", "example.com/c", false));
    CheckedObjects.Inputs pass1 = memo.of(first);
    CheckedService service = pass1.service("default", "web");
    CheckedSlice slice = pass1.slices("default/web").get(0);
    CheckedClass cls = pass1.classes().get(0);
    assertThat(pass1.service("default", "web")).isSameAs(service);
    memo.endPass();

    // The same instances in the next pass: the same records.
    CheckedObjects.Inputs pass2 = memo.of(first);
    assertThat(pass2.service("default", "web")).isSameAs(service);
    assertThat(pass2.slices("default/web").get(0)).isSameAs(slice);
    assertThat(pass2.classes().get(0)).isSameAs(cls);
    memo.endPass();

    // A pass that did not read an object forgets its record.
    memo.of(first);
    memo.endPass();
    assertThat(memo.of(first).service("default", "web")).isNotSameAs(service).isEqualTo(service);
    memo.endPass();

    // Equal objects read again are other instances: checked again, to equal records.
    CheckedObjects.Inputs reread = memo.of(in(Manifests.serviceAndSlice("web", 80, 8080, "10.0.0.1"),
        Manifests.ingressClass("c", "example.com/c", false)));
    assertThat(reread.slices("default/web").get(0)).isNotSameAs(slice).isEqualTo(slice);
    assertThat(reread.classes().get(0)).isNotSameAs(cls).isEqualTo(cls);
  }
}
