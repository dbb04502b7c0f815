package dev.ingressc.bench;

import dev.ingressc.CompileCache;
import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.load.InputObjects;
import dev.ingressc.load.Loader;
import dev.ingressc.load.Located;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The sidecar's compile: one object of the corpus changes (an Ingress, or an EndpointSlice), and
 * the input is compiled again with the {@link CompileCache} of the last pass, as a cluster watch
 * does (typed objects kept by identity, the changed one a new instance). One changed object among
 * 10,000 Ingresses must cost far less than a full compile ({@code full}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class IncrementalBenchmark {
  @Param({"10000"})
  int ingresses;

  private final CompileOptions options = CompileOptions.defaults();
  private final List<Ingress> ings = new ArrayList<>();
  private final List<Service> services = new ArrayList<>();
  private final List<EndpointSlice> slices = new ArrayList<>();
  private CompileCache cache;
  private int next;

  @Setup(Level.Trial)
  public void load() {
    InputObjects in = InputObjects.of(Loader.loadText("corpus.yaml", Corpus.yaml(ingresses)).objects());
    in.ingresses().forEach(i -> ings.add(i.value()));
    in.endpointSlices().forEach(s -> slices.add(s.value()));
    for (Located<EndpointSlice> s : in.endpointSlices()) {
      String svc = s.value().getMetadata().getLabels().get("kubernetes.io/service-name");
      services.add(in.service(s.key().namespace(), svc).value());
    }
    cache = new CompileCache();
    compile(cache);
  }

  private Compiler.Compilation compile(CompileCache c) {
    InputObjects.Builder b = c == null ? InputObjects.builder() : InputObjects.builder(c.typing());
    ings.forEach(b::ingress);
    services.forEach(b::service);
    slices.forEach(b::endpointSlice);
    Compiler.Compilation out = c == null ? Compiler.compile(b.build(), options) : Compiler.compile(b.build(), options, c);
    if (out.diagnostics().hasErrors() || out.ir().virtualHosts().size() != ingresses) {
      throw new IllegalStateException("the corpus must compile cleanly");
    }
    return out;
  }

  /** One Ingress replaced by a new instance whose first path differs. */
  @Benchmark
  public Compiler.Compilation oneIngressChanged() {
    int i = next++ % ings.size();
    Ingress changed = new IngressBuilder(ings.get(i)).build();
    var path = changed.getSpec().getRules().get(0).getHttp().getPaths().get(0);
    path.setPath(path.getPath().endsWith("-x") ? path.getPath().substring(0, path.getPath().length() - 2) : path.getPath() + "-x");
    ings.set(i, changed);
    return compile(cache);
  }

  /** One EndpointSlice replaced by a new instance whose first endpoint differs. */
  @Benchmark
  public Compiler.Compilation oneEndpointSliceChanged() {
    int i = next++ % slices.size();
    EndpointSlice changed = new EndpointSliceBuilder(slices.get(i)).build();
    var addresses = changed.getEndpoints().get(0).getAddresses();
    String a = addresses.get(0);
    addresses.set(0, a.endsWith(".9") ? a.substring(0, a.length() - 1) + "8" : a.substring(0, a.lastIndexOf('.')) + ".9");
    slices.set(i, changed);
    return compile(cache);
  }

  /** The same input without a cache: what every pass would cost without incremental compilation. */
  @Benchmark
  public Compiler.Compilation full() {
    return compile(null);
  }
}
