package dev.ingressc.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import java.io.IOException;
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
 * Issue 2's target: loading and normalizing a large input costs at most 1.5x merely parsing its
 * YAML. {@code parseOnly} is the floor: Jackson YAML into trees, nothing else.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class NormalizeBenchmark {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final YAMLFactory YAML = new YAMLFactory();

  @Param({"10000"})
  int ingresses;

  String text;

  @Setup(Level.Trial)
  public void generate() {
    text = Corpus.yaml(ingresses);
  }

  @Benchmark
  public List<JsonNode> parseOnly() throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (JsonParser p = YAML.createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        docs.add(MAPPER.readTree(p));
      }
    }
    return docs;
  }

  @Benchmark
  public Compiler.Compilation loadAndNormalize() {
    Compiler.Compilation c = Compiler.compileText("corpus.yaml", text, CompileOptions.defaults());
    if (c.diagnostics().hasErrors() || c.ir().virtualHosts().size() != ingresses) {
      throw new IllegalStateException("the corpus must compile cleanly: " + c.diagnostics().list().stream().limit(3).toList());
    }
    return c;
  }
}
