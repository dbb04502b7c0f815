package dev.ingressc.emit.envoy;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFile;
import dev.ingressc.emit.EmittedFiles;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import dev.ingressc.testkit.fixtures.TestCertificates;
import dev.ingressc.testkit.fixtures.Manifests;
import dev.ingressc.testkit.fixtures.IngressManifest;

/**
 * Main-based benchmark (not a unit test): compile time and output size for N hosts x 5 paths, and
 * the time to build the xDS resource set from an already normalized IR (what the sidecar pays on
 * every change; target under 200 ms at 10,000 hosts). Run with {@code bench/envoy/run.sh}.
 *
 * <p>Arguments: {@code [hosts=10000] [rounds=7] [tls=false] [translate-only]}. With {@code tls=true} every host is
 * also served over HTTPS with one wildcard certificate, so the HTTPS listener has a filter chain per host.
 */
public final class EnvoyBenchmark {
  private static final int PATHS = 5;

  private EnvoyBenchmark() {}

  public static void main(String[] args) {
    int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    boolean tls = args.length > 2 && Boolean.parseBoolean(args[2]);
    boolean translateOnly = args.length > 3 && args[3].equals("translate-only");
    String yaml = corpus(hosts, tls);
    System.out.printf("corpus: %d hosts x %d paths%s, %.1f MB of YAML%n", hosts, PATHS, tls ? ", all TLS" : "",
        yaml.length() / 1e6);
    EmitOptions yamlOut = new EmitOptions(80, 443, Path.of("/etc/ingressc"), Path.of("/run/ingressc"), Optional.of("yaml"));
    EmitOptions jsonOut = new EmitOptions(80, 443, Path.of("/etc/ingressc"), Path.of("/run/ingressc"), Optional.of("json"));
    EnvoyEmitter emitter = new EnvoyEmitter();

    IngressIR[] ir = new IngressIR[1];
    EndpointTable[] endpoints = new EndpointTable[1];
    long compile = median(2, rounds, () -> {
      Compiler.Compilation c = Compiler.compileText("corpus.yaml", yaml, CompileOptions.defaults());
      ir[0] = c.ir();
      endpoints[0] = c.endpoints();
      return ir[0];
    });
    Supplier<Object> translation = () -> EnvoyTranslator.translate(ir[0], endpoints[0], 80, 443, Path.of("/etc/ingressc"));
    long translateCold = median(0, 1, translation);
    // A sidecar translates on every change, so the steady state (JIT-compiled) is what it pays.
    long translate = median(30, 21, translation);
    long[] spread = times(21, translation);
    System.out.printf("IR: %d virtual hosts, %d routes, %d upstreams%n", ir[0].virtualHosts().size(),
        ir[0].virtualHosts().stream().mapToInt(v -> v.routes().size()).sum(), ir[0].upstreams().size());
    System.out.printf("compile (load + normalize to IR), median: %d ms%n", compile);
    System.out.printf("IR -> xDS resource set (EnvoyTranslator), first run in this JVM: %d ms%n", translateCold);
    System.out.printf("IR -> xDS resource set (EnvoyTranslator), steady state after 30 warm-ups: median %d ms;"
        + " another 21 runs: min %d, median %d, max %d ms%n", translate, spread[0], spread[10], spread[20]);
    if (translateOnly) {
      return;
    }
    long emitYaml = median(2, rounds, () -> emitter.emit(ir[0], endpoints[0], yamlOut));
    long emitJson = median(2, rounds, () -> emitter.emit(ir[0], endpoints[0], jsonOut));
    EmittedFiles y = emitter.emit(ir[0], endpoints[0], yamlOut);
    EmittedFiles j = emitter.emit(ir[0], endpoints[0], jsonOut);
    System.out.printf("IR -> files, yaml (translate + bootstrap + print), median: %d ms%n", emitYaml);
    System.out.printf("IR -> files, json, median: %d ms%n", emitJson);
    System.out.printf("compile + emit yaml, end to end: %d ms%n", compile + emitYaml);
    System.out.println("output, yaml: " + sizes(y));
    System.out.println("output, json: " + sizes(j));
  }

  private static String sizes(EmittedFiles files) {
    List<String> out = new ArrayList<>();
    for (EmittedFile f : files.files()) {
      if (!f.path().startsWith("certs/")) {
        out.add(String.format("%s %.1f MB", f.path(), f.content().length / 1e6));
      }
    }
    return String.join(", ", out);
  }

  /** Wall times in ms of {@code rounds} runs, sorted. */
  private static long[] times(int rounds, Supplier<Object> work) {
    long[] ms = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      Object keep = work.get();
      ms[i] = (System.nanoTime() - t0) / 1_000_000;
      if (keep == null) {
        throw new IllegalStateException();
      }
    }
    Arrays.sort(ms);
    return ms;
  }

  /** Runs {@code work} {@code rounds} times after {@code warmups} runs; returns the median wall time in ms. */
  private static long median(int warmups, int rounds, Supplier<Object> work) {
    for (int i = 0; i < warmups; i++) {
      work.get();
    }
    long[] ms = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      Object keep = work.get();
      ms[i] = (System.nanoTime() - t0) / 1_000_000;
      if (keep == null) {
        throw new IllegalStateException();
      }
    }
    Arrays.sort(ms);
    return ms[rounds / 2];
  }

  /** N Ingresses, one host each, 5 paths (Prefix and Exact mixed), each to its own Service of 3 endpoints. */
  static String corpus(int hosts, boolean tls) {
    StringBuilder sb = new StringBuilder(hosts * 4000);
    if (tls) {
      TestCertificates.Pem w = TestCertificates.forHosts("*.example.com");
      sb.append(Manifests.join(Manifests.tlsSecret("default", "wildcard", w.certificate(), w.key())));
    }
    for (int i = 0; i < hosts; i++) {
      IngressManifest ing = EnvoyRoutingCases.ingress("app-" + i);
      if (tls) {
        ing.tls("wildcard", "app-" + i + ".example.com");
      }
      ing.rule("app-" + i + ".example.com");
      for (int p = 0; p < PATHS; p++) {
        ing.path("/api/v" + p + "/items", p % 2 == 0 ? "Prefix" : "Exact", "svc-" + i + "-" + p, 80);
      }
      sb.append(Manifests.join(ing.yaml()));
      for (int p = 0; p < PATHS; p++) {
        int a = i * PATHS + p;
        String ip = "10." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255);
        sb.append(Manifests.join(Manifests.serviceAndSlice("svc-" + i + "-" + p, 80, 8080, ip, "!" + ip.replaceFirst("^10\\.", "11."),
            ip.replaceFirst("^10\\.", "12."))));
      }
    }
    return sb.toString();
  }
}
