package dev.ingressc.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.haproxy.HaproxyTables;
import dev.ingressc.emit.live.support.UnixSocketClient;
import dev.ingressc.testkit.e2e.HostileInputs;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runtime API is a way into HAProxy too: hostile values ({@link HostileInputs}, every field at
 * once) arrive as a change to a running sidecar and go through it (map entries, servers, spares)
 * or through a reload. Then, and again once they are removed, HAProxy's own maps ({@code show map})
 * hold exactly the entries the map files of the same input hold, each pointing at that entry's
 * backend or at a spare standing in for a backend HAProxy did not load. The good route and a marker
 * route added with the hostile objects answer, so the change was applied and nothing broke.
 */
@RealProxy("haproxy")
class HaproxyRuntimeInjectionTest {
  private static final java.time.Duration SERVED = FileWatchContract.SERVED;
  private static final String GOOD = "good.example.com";

  static Stream<Arguments> fields() {
    return HostileInputs.fields();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fields")
  void hostileValuesThroughTheRuntimeApiLeaveExactlyTheEntriesOfTheFiles(String field,
      BiFunction<Integer, String, String> hostile, ProxyLauncher proxy) throws Exception {
    try (EchoBackends backends = new EchoBackends(); SidecarRun run = SidecarRun.prepare("haproxy")) {
      List<String> web = backends.start("default/web:80", 1);
      List<String> good = backends.start("default/good:80", 1);
      run.write("good.yaml", Yaml.service("web", 80, backends.port(), web)
          + Yaml.service("good", 80, backends.port(), good) + Yaml.ingress("good", GOOD, "/", "good"));
      run.start("haproxy", SidecarRun.binary(proxy), Function.identity());
      run.awaitServedBy(GOOD, "/", "default/good:80", SERVED);

      String marker = "marker-" + field + ".example.com";
      run.write("hostile.yaml", HostileInputs.objects(hostile) + Yaml.ingress("marker", marker, "/", "web"));
      run.awaitServedBy(marker, "/", "default/web:80", SERVED);
      run.awaitServedBy(GOOD, "/", "default/good:80", SERVED);
      assertRuntimeMapsHoldWhatTheFilesHold(run);

      run.delete("hostile.yaml");
      run.awaitStatus(marker, "/", 404, SERVED);
      run.awaitServedBy(GOOD, "/", "default/good:80", SERVED);
      assertRuntimeMapsHoldWhatTheFilesHold(run);
    }
  }

  private static void assertRuntimeMapsHoldWhatTheFilesHold(SidecarRun run) throws Exception {
    var compiled = Compiler.compileFiles(List.of(run.manifests.toString()), null, CompileOptions.defaults());
    HaproxyTables files = HaproxyTables.of(compiled.ir(), compiled.endpoints(), EmitOptions.of(run.httpPort, run.httpsPort, run.current()));
    Path socket = run.workspace.output().resolve("runtime/haproxy.sock");
    for (Map.Entry<String, Map<String, String>> map : files.maps().entrySet()) {
      if (map.getValue().isEmpty() && map.getKey().endsWith("redirects.map")) {
        continue; // not loaded at all while no host redirects
      }
      Map<String, String> running = showMap(socket, map.getKey());
      assertThat(running.keySet()).as(map.getKey()).isEqualTo(map.getValue().keySet());
      running.forEach((key, value) -> assertThat(value).as("%s %s", map.getKey(), key)
          .matches(v -> v.equals(map.getValue().get(key))
              || v.startsWith(HaproxyTables.SPARE_PREFIX) && files.backends().containsKey(map.getValue().get(key)),
              "the entry's backend, or a spare for it"));
    }
  }

  /** {@code show map}: one "0xADDR KEY VALUE" line per entry. */
  private static Map<String, String> showMap(Path socket, String map) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (String line : UnixSocketClient.send(socket, "show map " + map).split("\n")) {
      String[] f = line.split(" ");
      if (f.length == 3 && f[0].startsWith("0x")) {
        out.put(f[1], f[2]);
      } else {
        assertThat(line.strip()).as("an answer line of show map %s", map).isEmpty();
      }
    }
    return out;
  }
}
