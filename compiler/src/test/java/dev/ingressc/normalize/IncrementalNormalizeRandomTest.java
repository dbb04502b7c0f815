package dev.ingressc.normalize;

import static dev.ingressc.testkit.fixtures.Manifests.endpointSlice;
import static dev.ingressc.testkit.fixtures.Manifests.ingress;
import static dev.ingressc.testkit.fixtures.Manifests.ingressClass;
import static dev.ingressc.testkit.fixtures.Manifests.join;
import static dev.ingressc.testkit.fixtures.Manifests.service;
import static dev.ingressc.testkit.fixtures.Manifests.serviceNamedPorts;
import static dev.ingressc.testkit.fixtures.Manifests.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileCache;
import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.load.Loader;
import dev.ingressc.load.ParsedFiles;
import dev.ingressc.testkit.fixtures.Manifests;
import dev.ingressc.testkit.fixtures.Manifests.Ep;
import dev.ingressc.testkit.fixtures.TestCerts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.ingressc.testkit.fixtures.IngressManifest;

/**
 * Random edits, a few files at a time, to a small input in which everything competes: a few hosts
 * and paths shared by many Ingresses of mixed ages and classes (two of ours, with different load
 * balancing), Ingresses with different backend protocols, Services that lose ports or become ExternalName, EndpointSlices that come and go,
 * TLS Secrets, default backends. After every edit, the cached compile must give exactly what a
 * compile from scratch gives: IR, diagnostics (every field) and taken Ingresses.
 */
class IncrementalNormalizeRandomTest {
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private static final CompileOptions OPTIONS =
      CompileOptions.defaults().withClock(Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC));
  private static final TestCerts.Cert AB = TestCerts.cert().cn("a.example.com")
      .san("a.example.com", "b.example.com", "www.example.com").notBefore(START).validityDays(365).generate();
  private static final TestCerts.Cert WILD = TestCerts.cert().cn("*.example.com")
      .san("*.example.com").notBefore(START).validityDays(160).generate();
  private static final String[] HOSTS = {"a.example.com", "b.example.com", "www.example.com", "*.example.com", null};
  private static final String[] PATHS = {"/", "/x", "/x/", "/y"};
  private static final String[] TYPES = {"Prefix", "Exact", "ImplementationSpecific"};
  private static final String[] SERVICES = {"s0", "s1", "s2", "missing"};
  private static final String[] CREATED = {null, "2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z", "2021-01-01T00:00:00Z"};
  private static final String[] CLASSES = {null, "ours", "tuned", "theirs", null};
  private static final String[] SECRETS = {"cert", "wild", "missing"};
  private static final String[] PROTOCOLS = {null, null, null, "GRPC", "https", "FCGI"};

  @TempDir
  Path dir;

  private Random random;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void randomEditsGiveWhatAFreshCompileGives(long seed) throws IOException {
    random = new Random(seed);
    ParsedFiles parsed = new ParsedFiles();
    CompileCache cache = new CompileCache();
    for (int i = 0; i < 10; i++) {
      write("ing" + i + ".yaml", randomIngress(i));
    }
    for (int s = 0; s < 3; s++) {
      write("svc" + s + ".yaml", randomService(s));
      write("slice" + s + ".yaml", randomSlice(s));
    }
    write("secrets.yaml", randomSecrets());
    write("classes.yaml", randomClasses());
    int changed = 0;
    for (int step = 0; step < 120; step++) {
      int edits = 1 + random.nextInt(random.nextInt(8) == 0 ? 4 : 2);
      List<String> what = new ArrayList<>();
      for (int e = 0; e < edits; e++) {
        what.add(randomEdit());
      }
      List<String> paths = List.of(dir.toString());
      Outcome cached = Outcome.of(Compiler.compileLoaded(Loader.load(paths, parsed), OPTIONS, cache));
      Outcome expected = Outcome.of(Compiler.compileLoaded(Loader.load(paths, InputStream.nullInputStream()), OPTIONS));
      assertThat(cached).as("seed %d step %d after %s", seed, step, what).isEqualTo(expected);
      changed++;
    }
    assertThat(changed).isEqualTo(120);
  }

  /** What a compile decided, comparing everything a user or an emitter can see. */
  record Outcome(Object ir, List<String> diagnostics, List<String> taken) {
    static Outcome of(Compiler.Compilation c) {
      return new Outcome(c.ir(), c.diagnostics().list().stream().map(Outcome::full).toList(), c.takenIngresses());
    }

    static String full(Diagnostic d) {
      return d.format() + " [line " + d.line() + ", field " + d.field() + "]";
    }
  }

  private String randomEdit() throws IOException {
    int k = random.nextInt(20);
    if (k < 11) {
      int i = random.nextInt(10);
      String text = random.nextInt(6) == 0 ? null : randomIngress(i);
      put("ing" + i + ".yaml", text);
      return "ing" + i + (text == null ? " deleted" : " rewritten");
    }
    if (k < 14) {
      int s = random.nextInt(3);
      put("svc" + s + ".yaml", random.nextInt(5) == 0 ? null : randomService(s));
      return "svc" + s;
    }
    if (k < 17) {
      int s = random.nextInt(3);
      put("slice" + s + ".yaml", random.nextInt(5) == 0 ? null : randomSlice(s));
      return "slice" + s;
    }
    if (k < 18) {
      write("secrets.yaml", randomSecrets());
      return "secrets";
    }
    if (k < 19) {
      write("classes.yaml", randomClasses());
      return "classes";
    }
    if (random.nextBoolean()) {
      // The same Service in a new file version, maybe a line further down: new instance, same content.
      int sv = random.nextInt(3);
      Path p = dir.resolve("svc" + sv + ".yaml");
      if (Files.exists(p)) {
        String text = Files.readString(p);
        write("svc" + sv + ".yaml", random.nextBoolean() ? text : "# moved\n" + text);
      }
      return "svc" + sv + " touched";
    }
    // Touch without change: the same content in a new file version (new instances, equal content).
    int i = random.nextInt(10);
    Path p = dir.resolve("ing" + i + ".yaml");
    if (Files.exists(p)) {
      write("ing" + i + ".yaml", Files.readString(p));
    }
    return "ing" + i + " touched";
  }

  private String randomIngress(int i) {
    IngressManifest b = ingress(i % 4 == 3 ? "a-b" : "default", "ing" + i);
    String created = pick(CREATED);
    if (created != null) {
      b.created(created);
    }
    String cls = pick(CLASSES);
    if (cls != null) {
      b.className(cls);
    }
    String protocol = pick(PROTOCOLS);
    if (protocol != null) {
      b.annotation(BackendProtocols.ANNOTATION, protocol);
    }
    if (random.nextInt(6) == 0) {
      b.defaultBackend(pick(SERVICES), random.nextBoolean() ? 80 : 81);
    }
    int rules = 1 + random.nextInt(2);
    for (int r = 0; r < rules; r++) {
      b.rule(pick(HOSTS));
      int paths = 1 + random.nextInt(2);
      for (int p = 0; p < paths; p++) {
        String path = pick(PATHS);
        String type = pick(TYPES);
        int kind = random.nextInt(10);
        if (kind == 0) {
          b.pathResource(path, type, "storage.example.com", "Bucket", "assets");
        } else if (kind < 3) {
          b.pathNamedPort(path, type, pick(SERVICES), "http");
        } else {
          b.path(path, type, pick(SERVICES), random.nextInt(4) == 0 ? 81 : 80);
        }
      }
    }
    if (random.nextInt(4) == 0) {
      String host = pick(HOSTS);
      if (host == null || random.nextBoolean()) {
        b.tls(pick(SECRETS));
      } else {
        b.tls(pick(SECRETS), host);
      }
    }
    return b.yaml();
  }

  private String randomService(int s) {
    String name = "s" + s;
    return switch (random.nextInt(5)) {
      case 0 -> service(name, 80);
      case 1 -> service(name, 80, 81);
      case 2 -> serviceNamedPorts("default", name, "http=80:8080", "admin=81");
      case 3 -> "apiVersion: v1\nkind: Service\nmetadata: {name: " + name + ", namespace: default}\n"
          + "spec: {type: ExternalName, externalName: " + (random.nextBoolean() ? "ext.example.com" : "Not_Valid")
          + ", ports: [{name: http, port: 80}]}\n";
      default -> serviceNamedPorts("default", name, "http=80:8080");
    };
  }

  private String randomSlice(int s) {
    String port = random.nextBoolean() ? "http" : null;
    List<Ep> eps = new ArrayList<>();
    int n = random.nextInt(3);
    for (int e = 0; e < n; e++) {
      eps.add(new Ep("10.0." + s + "." + (1 + random.nextInt(3)), random.nextInt(3) == 0 ? Boolean.FALSE : null));
    }
    if (random.nextInt(6) == 0) {
      eps.add(new Ep("not-an-ip", null));
    }
    return endpointSlice("default", "s" + s + "-1", "s" + s, port, 8080, eps.toArray(Ep[]::new));
  }

  private String randomSecrets() {
    List<String> docs = new ArrayList<>();
    for (String ns : List.of("default", "a-b")) {
      if (random.nextInt(4) != 0) {
        docs.add(tlsSecret(ns, "cert", AB.certificatePem(), AB.pkcs8KeyPem()));
      }
      if (random.nextInt(4) != 0) {
        docs.add(random.nextBoolean() ? tlsSecret(ns, "wild", WILD.certificatePem(), WILD.pkcs8KeyPem())
            : tlsSecret(ns, "wild", AB.certificatePem(), WILD.pkcs8KeyPem()));
      }
    }
    return docs.isEmpty() ? "" : join(docs);
  }

  private String randomClasses() {
    String tuned = """
        apiVersion: ingressc.dev/v1alpha1
        kind: IngressParameters
        metadata:
          name: fast
        spec:
          loadBalancing: least-connections
          resourceBackends:
          - apiGroup: storage.example.com
            kind: Bucket
            name: assets
            url: http://assets.example.com:8080
        """;
    String params = "  parameters:\n    apiGroup: ingressc.dev\n    kind: IngressParameters\n    name: fast\n";
    return switch (random.nextInt(5)) {
      case 0 -> "";
      case 1 -> join(ingressClass("ours", CompileOptions.DEFAULT_CONTROLLER, true),
          ingressClass("tuned", CompileOptions.DEFAULT_CONTROLLER, false, params), tuned,
          ingressClass("theirs", "example.com/other", false));
      case 2 -> join(ingressClass("ours", CompileOptions.DEFAULT_CONTROLLER, false),
          ingressClass("tuned", CompileOptions.DEFAULT_CONTROLLER, true, params), tuned);
      default -> join(ingressClass("ours", CompileOptions.DEFAULT_CONTROLLER, true),
          ingressClass("tuned", CompileOptions.DEFAULT_CONTROLLER, false, params), tuned);
    };
  }

  private <T> T pick(T[] options) {
    return options[random.nextInt(options.length)];
  }

  private void put(String file, String text) throws IOException {
    if (text == null) {
      Files.deleteIfExists(dir.resolve(file));
    } else {
      write(file, text);
    }
  }

  private void write(String file, String text) throws IOException {
    Path tmp = dir.resolve("." + file + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
